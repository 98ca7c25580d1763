# Require agentos-scope without arguments: the built-in AgentOS route map
# behind AgentOSBasePath /api, the listing rule, custom routes.
use strict;
use warnings FATAL => 'all';
use FindBin;
use lib "$FindBin::Bin/lib";
use Test::More;
use AOR::Test;

sub tok { mint(claims => claims(scopes => [@_])) }

expect_403(request(GET => '/api/sessions', token => tok('agents:read')),
           ['sessions:read'], 'GET /sessions needs sessions:read');
expect_backend(request(GET => '/api/sessions', token => tok('sessions:read')),
               'GET /sessions with sessions:read');
expect_backend(request(GET => '/api/sessions/', token => tok('sessions:read')),
               'trailing slash stripped');
is(request(HEAD => '/api/sessions', token => tok('agents:read'))->code, 403,
   'HEAD is checked as GET');
expect_403(request(DELETE => '/api/sessions/s1', token => tok('sessions:write')),
           ['sessions:delete'], 'DELETE /sessions/s1 needs sessions:delete');
expect_403(request(POST => '/api/agents/a1/runs', token => tok('agents:a2:run')),
           ['agents:run'], 'run of another agent: 403 naming agents:run');
expect_backend(request(POST => '/api/agents/a1/runs', token => tok('agents:a1:run')),
               'run of its own agent');
expect_403(request(GET => '/api/config', token => tok('agents:read')),
           ['config:read'], 'GET /config');
expect_backend(request(GET => '/api/config', token => tok('system:read')),
               'GET /config with the legacy system:read');
expect_backend(request(GET => '/api/not/an/agentos/route', token => tok()),
               'unmapped path: a valid token suffices');
expect_401(request(GET => '/api/not/an/agentos/route'),
           'Authorization header missing', 'unmapped path still needs a token',
           token_sent => 0);
expect_backend(request(GET => '/api/sessions', token => tok('agent_os:admin')),
               'admin scope');

# the listing rule
my $e = expect_backend(request(GET => '/api/agents', token => tok('agents:a1:read')),
                       'GET /agents with agents:a1:read');
is($e->{headers}{'x-agentos-accessible-ids'}, 'a1',
   'the backend sees X-AgentOS-Accessible-Ids: a1');
$e = expect_backend(request(GET => '/api/teams',
                            token => tok('teams:t1:read', 'teams:t 2:read',
                                         'teams:t3:write')),
                    'GET /teams with two readable teams');
is($e->{headers}{'x-agentos-accessible-ids'}, 't1,t%202',
   'ids comma-separated and percent-encoded');
$e = expect_backend(request(GET => '/api/workflows', token => tok('workflows:read')),
                    'GET /workflows with the global scope');
is($e->{headers}{'x-agentos-accessible-ids'}, '*', 'global scope: *');
$e = expect_backend(request(GET => '/api/agents', token => tok('teams:read')),
                    'GET /agents without any agents scope');
is($e->{headers}{'x-agentos-accessible-ids'}, '', 'no ids: empty header');
expect_403(request(POST => '/api/agents', token => tok('agents:a1:read')),
           ['agents:write'], 'POST /agents is no listing');

# custom routes are checked before the default map
expect_403(request(GET => '/custom/agents/a1', token => tok('agents:read')),
           ['custom:read'], 'custom route overrides GET /agents/*');
expect_backend(request(GET => '/custom/agents/a1', token => tok('custom:read')),
               'custom route scope');
expect_backend(request(POST => '/custom/agents/a1/runs', token => tok()),
               'custom route without scopes: any valid token');
expect_403(request(DELETE => '/custom/agents/a1', token => tok('agents:read')),
           ['agents:delete'], 'other routes still from the default map');

# AgentOSRouteMap none: custom routes only
expect_backend(request(GET => '/nomap/sessions', token => tok()),
               'route map off: GET /sessions needs no scope');
expect_403(request(DELETE => '/nomap/agents/a1', token => tok('agents:read')),
           ['agents:delete'], 'route map off: the custom route applies');

done_testing();
