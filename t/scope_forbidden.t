# A valid token without the required scope: 403 with AgentOS's detail and
# RFC 6750 insufficient_scope -- with no AuthzSendForbiddenOnFailure
# anywhere in the configuration.
use strict;
use warnings FATAL => 'all';
use FindBin;
use lib "$FindBin::Bin/lib";
use Test::More;
use AOR::Test;

sub tok { mint(claims => claims(scopes => [@_])) }

expect_403(request(GET => '/agents/a1/runs', token => tok('agents:read')),
           ['agents:run'], 'agents:read where agents:run is required');
expect_403(request(GET => '/agents/a1/runs', token => tok()),
           ['agents:run'], 'no scopes at all');
expect_403(request(GET => '/multi', token => tok('agents:read')),
           ['agents:read', 'teams:read'], 'one of two required scopes');
expect_ok(request(GET => '/multi', token => tok('teams:read', 'agents:read')),
          'both required scopes');
expect_403(request(GET => '/agents/a1/runs', token => tok('agents::run')),
           ['agents:run'], 'empty id part never matches');
expect_403(request(GET => '/agents/a1/runs', token => tok('agents:run:x:y')),
           ['agents:run'], 'four parts never match');

# a scopes claim that is a string is one scope, as AgentOS reads it
expect_ok(request(GET => '/agents/a1/runs',
                  token => mint(claims => claims(scopes => 'agents:run'))),
          'scopes as a single string');
expect_403(request(GET => '/agents/a1/runs',
                   token => mint(claims => claims(scopes => 'x agents:run'))),
           ['agents:run'], 'a string is not split on spaces');
expect_401(request(GET => '/agents/a1/runs',
                   token => mint(claims => claims(scopes => ['agents:run', 1]))),
           'Invalid token: Scopes must be strings', 'non-string in scopes');

my $res = request(HEAD => '/agents/a1/runs', token => tok('agents:read'));
is($res->code, 403, 'HEAD: 403 too');

done_testing();
