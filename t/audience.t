# The audience must be the AgentOS id (AgentOSID test-os).
use strict;
use warnings FATAL => 'all';
use FindBin;
use lib "$FindBin::Bin/lib";
use Test::More;
use AOR::Test;

sub get { request(GET => '/agents/a1/runs', token => mint(claims => claims(@_))) }

my $wrong = 'Invalid token audience - token not valid for this AgentOS instance';
expect_401(get(aud => 'other-os'), $wrong, 'wrong audience');
expect_401(get(aud => ['a', 'b']), $wrong, 'array without the id');
expect_401(get(aud => 42), $wrong, 'numeric audience');
expect_401(get(aud => undef),
           'Invalid token: Token is missing the "aud" claim',
           'missing audience');
expect_ok(get(aud => ['other', 'test-os']), 'array containing the id');

done_testing();
