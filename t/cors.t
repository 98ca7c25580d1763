# AgentOSCORSAllowOrigin: 401/403 carry CORS headers for allowed origins.
use strict;
use warnings FATAL => 'all';
use FindBin;
use lib "$FindBin::Bin/lib";
use Test::More;
use AOR::Test;

my %cors = ('Access-Control-Allow-Origin' => 'https://app.example',
            'Access-Control-Allow-Credentials' => 'true',
            'Access-Control-Allow-Methods' => '*',
            'Access-Control-Allow-Headers' => '*',
            'Access-Control-Expose-Headers' => '*');

my $res = request(GET => '/api/sessions',
                  headers => {Origin => 'https://app.example'});
expect_401($res, 'Authorization header missing', '401 with an allowed origin',
           token_sent => 0);
is($res->header($_), $cors{$_}, "401: $_") for sort keys %cors;

$res = request(GET => '/api/sessions', token => mint(),
               headers => {Origin => 'https://app.example'});
expect_403($res, ['sessions:read'], '403 with an allowed origin');
is($res->header($_), $cors{$_}, "403: $_") for sort keys %cors;

$res = request(GET => '/api/sessions', headers => {Origin => 'https://evil.example'});
is($res->code, 401, 'other origin: 401');
is($res->header('Access-Control-Allow-Origin'), undef, 'other origin: no CORS');
$res = request(GET => '/agents/a1/runs', headers => {Origin => 'https://app.example'});
is($res->header('Access-Control-Allow-Origin'), undef,
   'location without AgentOSCORSAllowOrigin: no CORS');

done_testing();
