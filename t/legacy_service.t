# AgentOSSecurityKey (legacy shared key, SPEC 4.8) and
# AgentOSServiceAccountTokens (agno_pat_ tokens) both ways.
use strict;
use warnings FATAL => 'all';
use FindBin;
use lib "$FindBin::Bin/lib";
use Test::More;
use AOR::Test;

my $e = expect_backend(request(DELETE => '/legacy/agents/a1',
                               token => 'legacy-key-0123456789'),
                       'legacy: the key grants everything');
is($e->{headers}{'x-agentos-user-id'}, undef, 'legacy: no identity');
is($e->{headers}{authorization}, 'Bearer legacy-key-0123456789',
   'legacy: Authorization passed on');
expect_401(request(GET => '/legacy/sessions', token => 'legacy-key-012345678'),
           'Invalid authentication token', 'legacy: wrong key');
expect_401(request(GET => '/legacy/sessions', token => mint()),
           'Invalid authentication token', 'legacy: a JWT is not the key');
expect_401(request(GET => '/legacy/sessions'), 'Authorization header required',
           'legacy: missing', token_sent => 0);

my $pat = 'agno_pat_0123456789abcdef';
expect_401(request(GET => '/sa-deny/sessions', token => $pat),
           'Invalid token: Service account tokens are not accepted here',
           'service account token: deny (default)');
$e = expect_backend(request(GET => '/sa-pass/sessions', token => $pat),
                    'service account token: passthrough');
is($e->{headers}{authorization}, "Bearer $pat",
   'passthrough: the backend verifies it itself');
is($e->{headers}{'x-agentos-user-id'}, undef, 'passthrough: no identity');
expect_401(request(GET => '/sa-pass/sessions', token => 'agno_x'),
           'Invalid token: Malformed token',
           'passthrough: other tokens still verified');

done_testing();
