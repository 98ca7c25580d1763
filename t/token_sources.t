# AgentOSTokenSource header|cookie|both and AgentOSCookieName (SPEC 4.1).
use strict;
use warnings FATAL => 'all';
use FindBin;
use lib "$FindBin::Bin/lib";
use Test::More;
use AOR::Test;

my $good = mint();
my $bad = mint(claims => claims(aud => 'other'));

# cookie
expect_backend(request(GET => '/cookie/x', headers => {Cookie => "a=b; jwt=$good; c=d"}),
               'cookie: the named cookie');
expect_401(request(GET => '/cookie/x', token => $good),
           "JWT cookie 'jwt' missing", 'cookie: the header is not read',
           token_sent => 0);
expect_401(request(GET => '/cookie/x', headers => {Cookie => "access_token=$good"}),
           "JWT cookie 'jwt' missing", 'cookie: only the configured name',
           token_sent => 0);
expect_401(request(GET => '/cookie/x', headers => {Cookie => "jwt=$bad"}),
           'Invalid token audience - token not valid for this AgentOS instance',
           'cookie: verified like a header token');

# both: the header first, never rescued by the cookie
expect_backend(request(GET => '/cookie/both/x', headers => {Cookie => "jwt=$good"}),
               'both: cookie alone');
expect_backend(request(GET => '/cookie/both/x', token => $good),
               'both: header alone');
expect_401(request(GET => '/cookie/both/x', token => $bad,
                   headers => {Cookie => "jwt=$good"}),
           'Invalid token audience - token not valid for this AgentOS instance',
           'both: an invalid header token is not rescued by the cookie');
expect_401(request(GET => '/cookie/both/x'),
           "JWT token missing from both Authorization header and 'jwt' cookie",
           'both: neither', token_sent => 0);

# header (default) ignores cookies
expect_401(request(GET => '/api/sessions', headers => {Cookie => "access_token=$good"}),
           'Authorization header missing', 'header: a cookie is not read',
           token_sent => 0);

done_testing();
