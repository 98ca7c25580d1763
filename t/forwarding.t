# What the backend receives through mod_proxy (SPEC 4.7): the identity
# headers, never a client's copy of them, and Authorization unchanged.
use strict;
use warnings FATAL => 'all';
use FindBin;
use lib "$FindBin::Bin/lib";
use Test::More;
use AOR::Test;

my $t = mint(claims => claims(session_id => 's-9',
                              scopes => ['agents:a1:run', 'teams:read']));
my $e = expect_backend(request(POST => '/api/agents/a1/runs?stream=true',
                               token => $t), 'POST run');
is($e->{method}, 'POST', 'method passed on');
is($e->{path}, '/backend/agents/a1/runs', 'path passed on');
is($e->{query}, 'stream=true', 'query passed on');
is($e->{headers}{'x-agentos-user-id'}, 'user-123', 'X-AgentOS-User-Id');
is($e->{headers}{'x-agentos-session-id'}, 's-9', 'X-AgentOS-Session-Id');
is($e->{headers}{'x-agentos-scopes'}, 'agents:a1:run teams:read',
   'X-AgentOS-Scopes');
is($e->{headers}{authorization}, "Bearer $t", 'Authorization unchanged');
ok(!exists $e->{headers}{'x-agentos-accessible-ids'},
   'no X-AgentOS-Accessible-Ids outside the listing rule');

# spoofed identity headers never reach the backend
my %spoof = ('X-AgentOS-User-Id' => 'admin', 'X-AgentOS-Scopes' => 'agent_os:admin',
             'X-AgentOS-Accessible-Ids' => '*', 'x-agentos-anything' => '1');
$e = expect_backend(request(POST => '/api/agents/a1/runs',
                            token => mint(claims => claims(sub => undef,
                                                           scopes => ['agents:run'])),
                            headers => \%spoof), 'spoof with a token without sub');
is($e->{headers}{'x-agentos-user-id'}, undef,
   'spoofed X-AgentOS-User-Id removed (token has no sub)');
is($e->{headers}{'x-agentos-scopes'}, 'agents:run', 'spoofed scopes replaced');
is($e->{headers}{'x-agentos-accessible-ids'}, undef, 'spoofed ids removed');
is($e->{headers}{'x-agentos-anything'}, undef, 'any X-AgentOS-* removed');

$e = expect_backend(request(GET => '/api/health', headers => \%spoof),
                    'excluded path');
is($e->{headers}{'x-agentos-user-id'}, undef, 'removed on excluded paths');
$e = expect_backend(request(GET => '/claims/quiet/x', headers => \%spoof,
                            token => mint(claims => {uid => 'u', audience => 'test-os',
                                                     iss => 'https://idp.example',
                                                     exp => time + 60})),
                    'forwarding off');
is($e->{headers}{'x-agentos-user-id'}, undef, 'removed with forwarding off');
is($e->{headers}{'x-agentos-scopes'}, undef, 'and nothing is forwarded');

done_testing();
