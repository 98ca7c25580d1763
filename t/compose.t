# Require agentos-scope composes with other providers and with
# Require valid-user.
use strict;
use warnings FATAL => 'all';
use FindBin;
use lib "$FindBin::Bin/lib";
use Test::More;
use AOR::Test;

sub tok { mint(claims => claims(scopes => [@_])) }

# RequireAny: another provider may grant without a token, and then no
# identity is published
my $res = request(GET => '/anyof', headers => {'X-Test-Bypass' => 'yes'});
expect_ok($res, 'RequireAny granted by Require env without a token');
is($res->header('X-Test-User'), '', 'no identity without a token');
expect_ok(request(GET => '/anyof', token => tok('agent_os:admin')),
          'RequireAny granted by the scope');
$res = request(GET => '/anyof', token => tok('agent_os:admin'),
               headers => {'X-Test-Bypass' => 'yes'});
is($res->header('X-Test-User'), 'user-123',
   'RequireAny: a valid token still publishes the identity');
expect_401(request(GET => '/anyof'), 'Authorization header missing',
           'RequireAny, neither', token_sent => 0);

# RequireAll with Require ip (the test client is on loopback)
expect_ok(request(GET => '/allof', token => tok('agents:read')),
          'RequireAll: scope and ip');
expect_403(request(GET => '/allof', token => tok('teams:read')),
           ['agents:read'], 'RequireAll: ip but not the scope');

# Require valid-user: any valid token, no scope needed
$res = request(GET => '/any', token => tok());
expect_ok($res, 'valid-user with a scope-less token');
is($res->header('X-Test-User'), 'user-123', 'valid-user: r->user');
expect_401(request(GET => '/any', token => mint(claims => claims(aud => 'x'))),
           'Invalid token audience - token not valid for this AgentOS instance',
           'valid-user still checks the token');

done_testing();
