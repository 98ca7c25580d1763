# Signatures that do not verify: 401 "Invalid token: Signature
# verification failed".
use strict;
use warnings FATAL => 'all';
use FindBin;
use lib "$FindBin::Bin/lib";
use Test::More;
use AOR::Test;
use MIME::Base64 ();

my $detail = 'Invalid token: Signature verification failed';

expect_401(request(GET => '/agents/a1/runs',
                   token => mint(key => 'other.key')),
           $detail, 'signed with another RSA key');

my ($h, $p, $s) = split /\./, mint();
my $forged = b64url('{"sub":"user-123","aud":"test-os",'
                    . '"scopes":["agent_os:admin"]}');
expect_401(request(GET => '/agents/a1/runs', token => "$h.$forged.$s"),
           $detail, 'tampered payload');

expect_401(request(GET => '/agents/a1/runs', token => "$h.$p."),
           $detail, 'empty signature');
my $sig = MIME::Base64::decode_base64url($s);
expect_401(request(GET => '/agents/a1/runs',
                   token => "$h.$p." . b64url(substr($sig, 0, -3))),
           $detail, 'truncated signature');

# alg "none" is never accepted, whatever the spelling
for my $none ('none', 'None', 'NONE') {
    my $hdr = b64url(qq({"alg":"$none","typ":"JWT"}));
    expect_401(request(GET => '/agents/a1/runs', token => "$hdr.$p."),
               'Invalid token: The specified alg value is not allowed',
               "alg $none");
}

done_testing();
