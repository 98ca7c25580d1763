# No token, an empty header, or "Bearer" alone: 401 with AgentOS's detail,
# and WWW-Authenticate with the realm only (RFC 6750: no error code when
# the client sent no credentials).
use strict;
use warnings FATAL => 'all';
use FindBin;
use lib "$FindBin::Bin/lib";
use Test::More;
use AOR::Test;

my $detail = 'Authorization header missing';

expect_401(request(GET => '/agents/a1/runs'), $detail, 'no header',
           token_sent => 0);
expect_401(request(GET => '/agents/a1/runs',
                   headers => {Authorization => ''}),
           $detail, 'empty header', token_sent => 0);
expect_401(request(GET => '/agents/a1/runs',
                   headers => {Authorization => 'Bearer '}),
           $detail, 'Bearer with nothing after it', token_sent => 0);
expect_401(request(GET => '/agents/a1/runs',
                   headers => {Authorization => 'bearer'}),
           $detail, 'lower-case bearer alone', token_sent => 0);
expect_401(request(GET => '/any'), $detail, 'valid-user without token',
           token_sent => 0);

my $res = request(HEAD => '/agents/a1/runs');
is($res->code, 401, 'HEAD without token: 401');
is($res->header('WWW-Authenticate'), 'Bearer realm="test-os"',
   'HEAD without token: WWW-Authenticate');

done_testing();
