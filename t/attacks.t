# Known JWT attacks, end to end, each named after what it tries.
use strict;
use warnings FATAL => 'all';
use FindBin;
use lib "$FindBin::Bin/lib";
use Test::More;
use Digest::SHA ();
use IO::Socket::INET ();
use IO::Select ();
use JSON::PP ();
use MIME::Base64 qw(encode_base64url decode_base64url);
use Crypt::JWT qw(encode_jwt);
use Crypt::PK::RSA ();
use Crypt::PK::ECC ();
use Crypt::PK::Ed25519 ();
use AOR::Test;

my $json = JSON::PP->new->canonical;
my $sigfail = 'Invalid token: Signature verification failed';
my $nokey = 'Invalid token: Unable to find a signing key that matches';
my $notallowed = 'Invalid token: The specified alg value is not allowed';

sub rsa { Crypt::PK::RSA->new(key_file($_[0])) }
sub ec { Crypt::PK::ECC->new(key_file($_[0])) }

# A token from raw header and payload JSON and a signature.
sub raw_token {
    my ($header, $sig) = @_;
    return encode_base64url($json->encode($header)) . '.'
        . encode_base64url($json->encode(claims())) . '.'
        . encode_base64url($sig // '');
}

sub sign_with {
    my ($alg, $key, %h) = @_;
    return encode_jwt(payload => claims(), alg => $alg, key => $key,
                      extra_headers => \%h);
}

# alg confusion: HS256 keyed with the public key, as PEM and as JWK text
my $pem = slurp(key_file('rsa.pub.pem'));
my $jwk = rsa('rsa.key')->export_key_jwk('public');
for my $form (['PEM', $pem], ['JWK', $jwk]) {
    expect_401(request(GET => '/jwks', token => sign_with('HS256', $form->[1],
                                                          kid => 'rsa')),
               $notallowed, "alg-confusion-$form->[0]: HS256 not allowed at /jwks");
    expect_401(request(GET => '/both', token => sign_with('HS256', $form->[1])),
               $sigfail, "alg-confusion-$form->[0]: HS256 allowed, checked "
               . "against the secret only");
    expect_401(request(GET => '/jwks-hs', token => sign_with('HS256',
                                                             $form->[1],
                                                             kid => 'hs')),
               $sigfail, "alg-confusion-$form->[0]: HS256 at the oct JWKS");
}

# embedded-jwk: the attacker signs with their key and ships it in "jwk"
my $attacker = rsa('other.key');
expect_401(request(GET => '/jwks',
                   token => sign_with('RS256', $attacker, kid => 'rsa',
                                      jwk => $json->decode($attacker
                                          ->export_key_jwk('public')))),
           $sigfail, 'embedded-jwk is never used');

# jku-fetch: "jku" points at a listener that must never be contacted
my $listener = IO::Socket::INET->new(Listen => 5, LocalAddr => '127.0.0.1',
                                     LocalPort => 0, Proto => 'tcp',
                                     ReuseAddr => 1) or die "listen: $!";
my $jku = 'http://127.0.0.1:' . $listener->sockport . '/jwks.json';
expect_401(request(GET => '/jwks', token => sign_with('RS256', $attacker,
                                                      kid => 'rsa',
                                                      jku => $jku)),
           $sigfail, 'jku-fetch: token with jku rejected');
expect_401(request(GET => '/jwks', token => sign_with('RS256', $attacker,
                                                      kid => 'rsa',
                                                      x5u => $jku)),
           $sigfail, 'x5u-fetch: token with x5u rejected');
ok(!IO::Select->new($listener)->can_read(1),
   'jku-fetch: the jku/x5u server saw no connection');
# a correctly signed token that also carries jku is accepted: ignored
is(request(GET => '/jwks', token => sign_with('RS256', rsa('rsa.key'),
                                              kid => 'rsa', jku => $jku))->code,
   200, 'jku on a good token is ignored, not fetched');
ok(!IO::Select->new($listener)->can_read(1), 'still no connection');

# kid-path-traversal: a kid is a name in the key set, never a path
for my $kid ('../../../../../dev/null', '/dev/null', '../keys/rsa.pub.pem') {
    expect_401(request(GET => '/jwks', token => sign_with('RS256', $attacker,
                                                          kid => $kid)),
               $nokey, "kid-path-traversal '$kid' at /jwks");
    # HMAC keyed with the empty contents of /dev/null
    my $input = encode_base64url($json->encode({alg => 'HS256',
                                                kid => $kid})) . '.'
        . encode_base64url($json->encode(claims()));
    my $tag = Digest::SHA::hmac_sha256($input, '');
    expect_401(request(GET => '/jwks-hs',
                       token => "$input." . encode_base64url($tag)),
               $nokey, "kid-path-traversal '$kid' with an empty HMAC key");
}

# psychic-signature (CVE-2022-21449): ES256 with r = s = 0
expect_401(request(GET => '/alg/ES256',
                   token => raw_token({alg => 'ES256'}, "\0" x 64)),
           $sigfail, 'psychic-signature r=s=0');
expect_401(request(GET => '/jwks',
                   token => raw_token({alg => 'ES256', kid => 'ec256'},
                                      "\0" x 64)),
           $sigfail, 'psychic-signature r=s=0 through the JWKS');

# es256-der-signature: a DER ECDSA signature is not a JOSE signature
{
    my $input = encode_base64url($json->encode({alg => 'ES256'})) . '.'
        . encode_base64url($json->encode(claims()));
    my $der = ec('ec256.key')->sign_message($input, 'SHA256');
    expect_401(request(GET => '/alg/ES256',
                       token => "$input." . encode_base64url($der)),
               $sigfail, 'es256-der-signature');
}

# ed25519-as-es256: an Ed25519 key never verifies an ES256 token
expect_401(request(GET => '/jwks',
                   token => sign_with('ES256', ec('ec256.key'),
                                      kid => 'ed25519')),
           $nokey, 'ed25519-as-es256: kid of the Ed25519 key');

# rsa-as-ps-or-hs: the RSA JWK serves RS*/PS*, never HS*; a PS token is
# not allowed where only RS256 is
expect_401(request(GET => '/alg/RS256',
                   token => sign_with('PS256', rsa('rsa.key'))),
           $notallowed, 'rsa-as-ps: PS256 at an RS256-only location');
expect_401(request(GET => '/alg/RS256',
                   token => sign_with('HS256', $pem)),
           $notallowed, 'rsa-as-hs: HS256 at an RS256-only location');

# truncated-signature
{
    my ($h, $p, $s) = split /\./, sign_with('RS256', rsa('rsa.key'));
    my $sig = decode_base64url($s);
    for my $len (0, 1, 128, 255) {
        expect_401(request(GET => '/alg/RS256',
                           token => "$h.$p." . encode_base64url(substr($sig, 0,
                                                                       $len))),
                   $sigfail, "truncated-signature to $len bytes");
    }
    # two-parts / four-parts
    expect_401(request(GET => '/alg/RS256', token => "$h.$p"),
               'Invalid token: Malformed token', 'two-parts');
    expect_401(request(GET => '/alg/RS256', token => "$h.$p.$s.$s"),
               'Invalid token: Malformed token', 'four-parts');
}

# lowercase-alg: alg names are case-sensitive
expect_401(request(GET => '/alg/RS256',
                   token => raw_token({alg => 'rs256'}, 'x' x 256)),
           $notallowed, 'lowercase-alg rs256');

# crit-unknown and b64 (RFC 7797): refused even when correctly signed
expect_401(request(GET => '/alg/RS256',
                   token => sign_with('RS256', rsa('rsa.key'),
                                      crit => ['exp'])),
           'Invalid token: Unsupported header parameter', 'crit-unknown');
expect_401(request(GET => '/alg/RS256',
                   token => sign_with('RS256', rsa('rsa.key'), b64 => 0)),
           'Invalid token: Unsupported header parameter', 'b64-header');

done_testing();
