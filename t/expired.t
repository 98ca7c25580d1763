# exp, nbf and iat against the clock with the default 10 s leeway.
use strict;
use warnings FATAL => 'all';
use FindBin;
use lib "$FindBin::Bin/lib";
use Test::More;
use AOR::Test;

sub get { request(GET => '/agents/a1/runs', token => mint(claims => claims(@_))) }

expect_401(get(exp => time - 60), 'Token has expired', 'expired a minute ago');
expect_ok(get(exp => time - 5), 'expired 5 s ago, within the leeway');
expect_ok(get(exp => undef), 'no exp (AgentOS does not require it)');
expect_ok(get(exp => 1e300), 'exp 1e300 is far future');
expect_401(get(nbf => time + 120),
           'Invalid token: The token is not yet valid (nbf)', 'nbf ahead');
expect_ok(get(nbf => time + 5), 'nbf within the leeway');
expect_401(get(iat => time + 120),
           'Invalid token: The token is not yet valid (iat)', 'iat ahead');
expect_401(get(exp => 'tomorrow'),
           'Invalid token: A registered claim has an invalid type',
           'exp as a string');

done_testing();
