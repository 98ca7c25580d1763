package AOR::Keys;
# Keys for the end-to-end tests, generated during the test run with the
# openssl CLI (an implementation independent from the module's code).
# t/keys/ is created fresh for each run and is gitignored.
use strict;
use warnings FATAL => 'all';

sub run_openssl {
    my @cmd = ('openssl', @_);
    system(@cmd) == 0 or die "failed: @cmd\n";
}

# ensure($dir): make $dir/ and the key files the configuration names.
sub ensure {
    my ($dir) = @_;
    return if -f "$dir/.complete";
    mkdir $dir or die "mkdir $dir: $!\n" unless -d $dir;
    run_openssl('genpkey', '-quiet', '-algorithm', 'RSA', '-pkeyopt',
                'rsa_keygen_bits:2048', '-out', "$dir/rsa.key");
    run_openssl('pkey', '-in', "$dir/rsa.key", '-pubout',
                '-out', "$dir/rsa.pub.pem");
    run_openssl('genpkey', '-quiet', '-algorithm', 'RSA', '-pkeyopt',
                'rsa_keygen_bits:2048', '-out', "$dir/other.key");
    run_openssl('rand', '-hex', '-out', "$dir/hs256.secret", '32');
    open my $fh, '>', "$dir/.complete" or die "$dir/.complete: $!\n";
    close $fh;
}

1;
