# Reserved subjects belong to AgentOS internals: 401 "Invalid token subject".
use strict;
use warnings FATAL => 'all';
use FindBin;
use lib "$FindBin::Bin/lib";
use Test::More;
use AOR::Test;

sub get { request(GET => '/agents/a1/runs', token => mint(claims => claims(@_))) }

for my $sub ('sa:svc-1', '__oauth__:client', '__scheduler__') {
    expect_401(get(sub => $sub), 'Invalid token subject', "sub $sub");
}
expect_ok(get(sub => 'sa'), 'a sub merely starting with "sa" is fine');
expect_401(get(sub => 12),
           'Invalid token: Subject must be a string', 'numeric sub');
expect_401(get(sub => "bob\nX-Admin: 1"),
           'Invalid token: Claim value contains a control character',
           'control character in sub');

done_testing();
