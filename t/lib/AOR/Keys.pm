package AOR::Keys;
# Keys for the end-to-end tests, generated during the test run with the
# openssl CLI and CryptX (implementations independent from the module's
# code).  t/keys/ is made once per checkout and is gitignored.
use strict;
use warnings FATAL => 'all';

use JSON::PP ();
use MIME::Base64 qw(encode_base64url);
use Crypt::PK::RSA ();
use Crypt::PK::ECC ();
use Crypt::PK::Ed25519 ();

# name => genpkey arguments
my %ASYM = (
    rsa     => [qw(-algorithm RSA -pkeyopt rsa_keygen_bits:2048)],
    other   => [qw(-algorithm RSA -pkeyopt rsa_keygen_bits:2048)],
    rsa1024 => [qw(-algorithm RSA -pkeyopt rsa_keygen_bits:1024)],
    ec256   => [qw(-algorithm EC -pkeyopt ec_paramgen_curve:P-256)],
    ec384   => [qw(-algorithm EC -pkeyopt ec_paramgen_curve:P-384)],
    ec521   => [qw(-algorithm EC -pkeyopt ec_paramgen_curve:P-521)],
    ed25519 => [qw(-algorithm ED25519)],
    ed448   => [qw(-algorithm ED448)],
);

sub openssl {
    my @cmd = ('openssl', @_);
    system(@cmd) == 0 or die "failed: @cmd\n";
}

sub slurp {
    my ($path) = @_;
    open my $fh, '<:raw', $path or die "$path: $!\n";
    local $/;
    return scalar <$fh>;
}

sub spew {
    my ($path, $data) = @_;
    open my $fh, '>:raw', $path or die "$path: $!\n";
    print $fh $data;
    close $fh or die "$path: $!\n";
}

# The public JWK of a generated key, with extra members.
sub public_jwk {
    my ($dir, $name, %extra) = @_;
    my $jwk;
    if ($name eq 'ed448') {
        # CryptX has no Ed448: the raw key is the tail of the SPKI DER
        my $der = `openssl pkey -in $dir/ed448.key -pubout -outform DER`;
        $jwk = {kty => 'OKP', crv => 'Ed448',
                x => encode_base64url(substr($der, -57))};
    }
    else {
        my $class = $name =~ /^ec/ ? 'Crypt::PK::ECC'
                  : $name eq 'ed25519' ? 'Crypt::PK::Ed25519'
                  : 'Crypt::PK::RSA';
        $jwk = $class->new("$dir/$name.key")->export_key_jwk('public', 1);
    }
    return {%$jwk, %extra};
}

# ensure($dir): make $dir/ and every key file the configuration names.
sub ensure {
    my ($dir) = @_;
    my $marker = "$dir/.complete-3";    # bump when the key list changes
    return if -f $marker;
    mkdir $dir or die "mkdir $dir: $!\n" unless -d $dir;
    for my $name (sort keys %ASYM) {
        openssl('genpkey', '-quiet', @{ $ASYM{$name} },
                '-out', "$dir/$name.key");
        openssl('pkey', '-in', "$dir/$name.key", '-pubout',
                '-out', "$dir/$name.pub.pem");
    }
    openssl('req', '-x509', '-new', '-key', "$dir/rsa.key", '-subj',
            '/CN=agentos-test', '-days', '1', '-out', "$dir/rsa.cert.pem");
    # a CA and a server certificate for localhost (HTTPS JWKS tests)
    openssl('req', '-x509', '-new', '-key', "$dir/other.key", '-subj',
            '/CN=agentos-test-ca', '-days', '2', '-out', "$dir/ca.pem");
    openssl('req', '-new', '-key', "$dir/ec256.key", '-subj', '/CN=localhost',
            '-out', "$dir/server.csr");
    spew("$dir/server.ext", "subjectAltName=DNS:localhost,IP:127.0.0.1\n");
    openssl('x509', '-req', '-in', "$dir/server.csr", '-CA', "$dir/ca.pem",
            '-CAkey', "$dir/other.key", '-CAcreateserial', '-days', '2',
            '-extfile', "$dir/server.ext", '-out', "$dir/server.pem");
    # 64 hex characters: long enough for HS512
    openssl('rand', '-hex', '-out', "$dir/hs256.secret", '32');
    my $secret = slurp("$dir/hs256.secret");
    chomp $secret;
    spew("$dir/hs32.secret", substr($secret, 0, 32) . "\n");

    my $json = JSON::PP->new->canonical;
    my @asym = (
        public_jwk($dir, 'rsa', kid => 'rsa', use => 'sig'),
        public_jwk($dir, 'ec256', kid => 'ec256', alg => 'ES256'),
        public_jwk($dir, 'ec384', kid => 'ec384', alg => 'ES384'),
        public_jwk($dir, 'ec521', kid => 'ec521', alg => 'ES512'),
        public_jwk($dir, 'ed25519', kid => 'ed25519', alg => 'EdDSA'),
        public_jwk($dir, 'ed448', kid => 'ed448', alg => 'EdDSA',
                   key_ops => ['verify']),
        # skipped with a warning: an encryption key
        public_jwk($dir, 'other', kid => 'enc-key', use => 'enc'),
    );
    spew("$dir/jwks.json", $json->encode({keys => \@asym}));
    spew("$dir/jwks-hs.json", $json->encode({keys => [
        {kty => 'oct', kid => 'hs', k => encode_base64url($secret)}]}));
    spew("$dir/jwks-enc-only.json", $json->encode({keys => [
        public_jwk($dir, 'other', kid => 'enc-key', use => 'enc')]}));
    spew($marker, "");
}

1;
