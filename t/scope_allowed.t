# A valid token with the scope passes, and the identity reaches r->user,
# the AGENTOS_* environment and the X-AgentOS-* request headers.
use strict;
use warnings FATAL => 'all';
use FindBin;
use lib "$FindBin::Bin/lib";
use Test::More;
use AOR::Test;

my $t = mint(claims => claims(session_id => 'sess-9',
                              scopes => ['agents:run', 'teams:read']));
my $res = request(GET => '/agents/a1/runs', token => $t);
expect_ok($res, 'agents:run on /agents/a1/runs');
is($res->header('X-Test-User'), 'user-123', 'r->user is the sub');
is($res->header('X-Test-Env-User'), 'user-123', 'AGENTOS_USER_ID');
is($res->header('X-Test-Env-Session'), 'sess-9', 'AGENTOS_SESSION_ID');
is($res->header('X-Test-Env-Scopes'), 'agents:run teams:read',
   'AGENTOS_SCOPES is space-separated');
is($res->header('X-Test-Env-Audience'), 'test-os', 'AGENTOS_AUDIENCE');
is($res->header('X-Test-Req-User'), 'user-123', 'X-AgentOS-User-Id');
is($res->header('X-Test-Req-Session'), 'sess-9', 'X-AgentOS-Session-Id');
is($res->header('X-Test-Req-Scopes'), 'agents:run teams:read',
   'X-AgentOS-Scopes');

# "Bearer" is case-insensitive; surrounding spaces are trimmed
$res = request(GET => '/agents/a1/runs',
               headers => {Authorization => "bEaReR   $t  "});
expect_ok($res, 'case-insensitive Bearer prefix');

# a token without the user-id claim is accepted: r->user is empty
$res = request(GET => '/agents/a1/runs',
               token => mint(claims => claims(sub => undef)));
expect_ok($res, 'no sub claim');
is($res->header('X-Test-User'), '', 'no sub: r->user is empty');
is($res->header('X-Test-Req-User'), '', 'no sub: no X-AgentOS-User-Id');

# a spoofed identity header never survives
$res = request(GET => '/agents/a1/runs', token => $t,
               headers => {'X-AgentOS-User-Id' => 'admin',
                           'X-AgentOS-Scopes' => 'agent_os:admin'});
is($res->header('X-Test-Req-User'), 'user-123',
   'client X-AgentOS-User-Id replaced by the token\'s');

done_testing();
