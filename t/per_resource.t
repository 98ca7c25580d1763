# Per-resource scopes: on /agents/<id>/..., a required agents:run is
# checked as agents:<id>:run (SPEC 4.4).
use strict;
use warnings FATAL => 'all';
use FindBin;
use lib "$FindBin::Bin/lib";
use Test::More;
use AOR::Test;

sub tok { mint(claims => claims(scopes => [@_])) }

expect_ok(request(GET => '/agents/a1/runs', token => tok('agents:a1:run')),
          'own agent id');
expect_403(request(GET => '/agents/a2/runs', token => tok('agents:a1:run')),
           ['agents:run'], 'another agent id');
expect_ok(request(GET => '/agents/a2/runs', token => tok('agents:*:run')),
          'wildcard id');
expect_ok(request(GET => '/agents/a2/runs', token => tok('agents:run')),
          'global scope');
expect_ok(request(GET => '/agents/a2/runs', token => tok('agent_os:admin')),
          'admin scope');
expect_403(request(GET => '/agents', token => tok('agents:a1:run')),
           ['agents:run'], 'per-resource scope does not grant the global one');
expect_403(request(GET => '/agents/a1/runs', token => tok('teams:a1:run')),
           ['agents:run'], 'same id, other resource type');
expect_ok(request(GET => '/teams/t1', token => tok('teams:t1:read')),
          'teams resource context');

# legacy system: is an alias of config:
expect_ok(request(GET => '/config', token => tok('system:read')),
          'system:read grants config:read');
expect_403(request(GET => '/config', token => tok('system:write')),
           ['config:read'], 'system:write does not');

done_testing();
