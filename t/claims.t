# Claim names, issuer, required exp, the admin scope, AgentOSClaimEnv.
use strict;
use warnings FATAL => 'all';
use FindBin;
use lib "$FindBin::Bin/lib";
use Test::More;
use AOR::Test;

sub c {
    my %o = @_;
    my %c = (uid => 'u-7', sid => 's-7', audience => 'test-os',
             iss => 'https://idp.example', exp => time + 300,
             scope => 'sessions:read agents:read', email => 'u7@example.com',
             groups => ['a', 'b']);
    while (my ($k, $v) = each %o) { defined $v ? ($c{$k} = $v) : delete $c{$k} }
    return mint(claims => \%c);
}

my $e = expect_backend(request(GET => '/claims/sessions', token => c()),
                       'custom claim names');
is($e->{headers}{'x-agentos-user-id'}, 'u-7', 'user id from uid');
is($e->{headers}{'x-agentos-session-id'}, 's-7', 'session id from sid');
is($e->{headers}{'x-agentos-scopes'}, 'sessions:read agents:read',
   'space-delimited scope claim split');
is($e->{headers}{'x-test-claim-email'}, 'u7@example.com',
   'AGENTOS_CLAIM_EMAIL (a string as it is)');
is($e->{headers}{'x-test-claim-groups'}, '["a","b"]',
   'AGENTOS_CLAIM_GROUPS (JSON-encoded)');
is($e->{headers}{'x-test-user'}, 'u-7', 'r->user');

expect_403(request(GET => '/claims/memories', token => c()),
           ['memories:read'], 'scope from the space-delimited claim');
expect_backend(request(GET => '/claims/memories', token => c(scope => 'root:all')),
               'custom admin scope');
expect_403(request(GET => '/claims/memories', token => c(scope => 'agent_os:admin')),
           ['memories:read'], 'the default admin scope is not admin here');
expect_401(request(GET => '/claims/sessions', token => c(iss => 'https://evil')),
           'Invalid token: Invalid issuer', 'issuer not accepted');
expect_backend(request(GET => '/claims/sessions', token => c(iss => 'https://idp2.example')),
               'second issuer accepted');
expect_401(request(GET => '/claims/sessions', token => c(iss => undef)),
           'Invalid token: Token is missing the "iss" claim', 'issuer missing');
expect_401(request(GET => '/claims/sessions', token => c(exp => undef)),
           'Invalid token: Token is missing the "exp" claim',
           'AgentOSRequireExp On');
expect_401(request(GET => '/claims/sessions', token => c(audience => 'x')),
           'Invalid token audience - token not valid for this AgentOS instance',
           'audience from the audience claim');
expect_401(request(GET => '/claims/sessions', token => c(uid => 'sa:x')),
           'Invalid token subject', 'reserved subject via the user-id claim');

done_testing();
