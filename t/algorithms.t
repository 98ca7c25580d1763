# HS256 with a secret file, and the algorithm bound to the key: an RS256
# location never accepts HS256, and where both are allowed an HS256 token
# is never verified with the RSA public key (alg confusion, RFC 8725 2.1).
use strict;
use warnings FATAL => 'all';
use FindBin;
use lib "$FindBin::Bin/lib";
use Test::More;
use AOR::Test;

my $hs = mint(alg => 'HS256', claims => claims(scopes => ['agents:read']));
expect_ok(request(GET => '/hs', token => $hs), 'HS256 with the secret');
expect_401(request(GET => '/hs',
                   token => mint(alg => 'HS256', key_bytes => 'x' x 32,
                                 claims => claims(scopes => ['agents:read']))),
           'Invalid token: Signature verification failed',
           'HS256 with another secret');
expect_401(request(GET => '/hs', token => mint(claims => claims(scopes => ['agents:read']))),
           'Invalid token: The specified alg value is not allowed',
           'RS256 token where only HS256 is allowed');
expect_401(request(GET => '/agents/a1/runs',
                   token => mint(alg => 'HS256', claims => claims())),
           'Invalid token: The specified alg value is not allowed',
           'HS256 token where only RS256 is allowed');

my $pem = slurp(key_file('rsa.pub.pem'));
my $confused = mint(alg => 'HS256', key_bytes => $pem,
                    claims => claims(scopes => ['agents:read']));
expect_401(request(GET => '/both', token => $confused),
           'Invalid token: Signature verification failed',
           'HS256 signed with the RSA public key PEM');
expect_ok(request(GET => '/both',
                  token => mint(claims => claims(scopes => ['agents:read']))),
          'RS256 at the same location');
expect_ok(request(GET => '/both',
                  token => mint(alg => 'HS256',
                                claims => claims(scopes => ['agents:read']))),
          'HS256 with the secret at the same location');

done_testing();
