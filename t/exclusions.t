# Excluded paths and OPTIONS pass without a token, even with a bad one
# (SPEC 4.6), matched after the base path is stripped.
use strict;
use warnings FATAL => 'all';
use FindBin;
use lib "$FindBin::Bin/lib";
use Test::More;
use AOR::Test;

for my $path ('/api', '/api/', '/api/health', '/api/info', '/api/docs',
              '/api/docs/', '/api/redoc', '/api/openapi.json',
              '/api/docs/oauth2-redirect') {
    expect_backend(request(GET => $path), "$path without a token");
    expect_backend(request(GET => $path, token => 'not.a.token'),
                   "$path with a bad token");
}
expect_401(request(GET => '/api/healthz'), 'Authorization header missing',
           '/api/healthz is not /health', token_sent => 0);

my $e = expect_backend(request(OPTIONS => '/api/agents/a1/runs'),
                       'OPTIONS without a token');
is($e->{method}, 'OPTIONS', 'the preflight reaches the backend');
expect_backend(request(OPTIONS => '/api/agents/a1/runs', token => 'bad'),
               'OPTIONS with a bad token');

# custom exclusion patterns replace the AgentOS list
expect_backend(request(GET => '/custom/public/a/b.css'), 'custom pattern');
expect_backend(request(GET => '/custom/status/'), 'custom exact, trailing /');
expect_401(request(GET => '/custom/health'), 'Authorization header missing',
           'the default list no longer applies', token_sent => 0);
# AgentOSExclude none
expect_401(request(GET => '/nomap/health'), 'Authorization header missing',
           'AgentOSExclude none', token_sent => 0);
# an excluded path publishes no identity even with a valid token
$e = expect_backend(request(GET => '/api/health', token => mint()),
                    'excluded path with a valid token');
is($e->{headers}{'x-agentos-user-id'}, undef, 'no identity published');

done_testing();
