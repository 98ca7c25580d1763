# Interoperability: for every algorithm/curve the module supports, a token
# minted by an independent implementation (Perl Crypt::JWT; the openssl
# CLI for Ed448, which CryptX lacks) from keys generated in this run
# passes -- through a static key location and through the JWKS location --
# and the same token with one flipped signature bit gets 401.
use strict;
use warnings FATAL => 'all';
use FindBin;
use lib "$FindBin::Bin/lib";
use Test::More;
use File::Temp qw(tempfile);
use JSON::PP ();
use MIME::Base64 qw(encode_base64url decode_base64url);
use Crypt::JWT qw(encode_jwt);
use Crypt::PK::RSA ();
use Crypt::PK::ECC ();
use Crypt::PK::Ed25519 ();
use AOR::Test;

# name => [JOSE alg, key file or secret, kid in jwks.json / jwks-hs.json]
my @algs = (
    [HS256 => 'HS256', 'secret', 'hs'],
    [HS384 => 'HS384', 'secret', 'hs'],
    [HS512 => 'HS512', 'secret', 'hs'],
    [RS256 => 'RS256', 'rsa.key', 'rsa'],
    [RS384 => 'RS384', 'rsa.key', 'rsa'],
    [RS512 => 'RS512', 'rsa.key', 'rsa'],
    [PS256 => 'PS256', 'rsa.key', 'rsa'],
    [PS384 => 'PS384', 'rsa.key', 'rsa'],
    [PS512 => 'PS512', 'rsa.key', 'rsa'],
    [ES256 => 'ES256', 'ec256.key', 'ec256'],
    [ES384 => 'ES384', 'ec384.key', 'ec384'],
    [ES512 => 'ES512', 'ec521.key', 'ec521'],
    ['EdDSA-Ed25519' => 'EdDSA', 'ed25519.key', 'ed25519'],
    ['EdDSA-Ed448' => 'EdDSA', 'ed448.key', 'ed448'],
);

my $json = JSON::PP->new->canonical;

sub pk {
    my ($file) = @_;
    my $path = key_file($file);
    return $file =~ /^ec/ ? Crypt::PK::ECC->new($path)
         : $file =~ /^ed25519/ ? Crypt::PK::Ed25519->new($path)
         : Crypt::PK::RSA->new($path);
}

# Ed448 with the openssl CLI: sign the JWS signing input raw.
sub mint_ed448 {
    my ($header) = @_;
    my $input = encode_base64url($json->encode($header)) . '.'
        . encode_base64url($json->encode(claims()));
    my ($fh, $file) = tempfile(UNLINK => 1);
    print $fh $input;
    close $fh;
    my $keyfile = key_file('ed448.key');
    my $sig = `openssl pkeyutl -sign -inkey $keyfile -rawin -in $file`;
    die "openssl pkeyutl failed\n" unless $? == 0 && length($sig) == 114;
    return "$input." . encode_base64url($sig);
}

sub mint_alg {
    my ($alg, $keyfile, $kid) = @_;
    my %h = (alg => $alg, typ => 'JWT', defined $kid ? (kid => $kid) : ());
    return mint_ed448(\%h) if $keyfile eq 'ed448.key';
    my $key;
    if ($keyfile eq 'secret') {
        $key = slurp(key_file('hs256.secret'));
        chomp $key;
    }
    else {
        $key = pk($keyfile);
    }
    return encode_jwt(payload => claims(), alg => $alg, key => $key,
                      extra_headers => defined $kid ? {kid => $kid} : {});
}

sub flip_bit {
    my ($token) = @_;
    my ($h, $p, $s) = split /\./, $token;
    my $sig = decode_base64url($s);
    substr($sig, length($sig) >> 1, 1) ^= "\x01";
    return "$h.$p." . encode_base64url($sig);
}

my $passed = 0;
for my $case (@algs) {
    my ($name, $alg, $keyfile, $kid) = @$case;
    my $jwks = $alg =~ /^HS/ ? '/jwks-hs' : '/jwks';

    my $t = mint_alg($alg, $keyfile, undef);
    my $ok = is(request(GET => "/alg/$name", token => $t)->code, 200,
                "$name: independently minted token, static key: 200");
    expect_401(request(GET => "/alg/$name", token => flip_bit($t)),
               'Invalid token: Signature verification failed',
               "$name: one flipped signature bit, static key");

    $t = mint_alg($alg, $keyfile, $kid);
    $ok &= is(request(GET => $jwks, token => $t)->code, 200,
              "$name: kid $kid through the JWKS: 200");
    expect_401(request(GET => $jwks, token => flip_bit($t)),
               'Invalid token: Signature verification failed',
               "$name: one flipped signature bit, JWKS");
    $passed++ if $ok;
}
is($passed, scalar @algs, "all " . scalar(@algs) . " algorithm/curve "
   . "combinations interoperate");
diag("algorithm/curve combinations passing: $passed/" . scalar @algs);

done_testing();
