package AOR::JWKSServer;
# A JWKS server the tests control: HTTP::Daemon (or IO::Socket::SSL for
# HTTPS) in a child process on a fixed loopback port (AOR_JWKS_PORT or
# AOR_JWKS_TLS_PORT, which httpd's configuration names).
#
# GET /<name> serves $dir/<name>.json according to $dir/<name>.mode:
#   ok (default)  200 with the JSON (and $dir/<name>.headers, if any)
#   500           500
#   slow          sleeps 4 s, then answers
#   garbage       200 with "this is not JSON"
#   huge          200 with 64 KiB of JSON-ish padding
# Every request appends a line to $dir/<name>.count: fetches are counted.
use strict;
use warnings FATAL => 'all';

use File::Temp qw(tempdir);
use HTTP::Daemon ();
use HTTP::Response ();
use POSIX ();

sub new {
    my ($class, %a) = @_;
    my $self = bless {dir => tempdir(CLEANUP => 1), tls => $a{tls},
                      port => $a{tls} ? $ENV{AOR_JWKS_TLS_PORT}
                                      : $ENV{AOR_JWKS_PORT}}, $class;
    die "AOR_JWKS_PORT is not set\n" unless $self->{port};
    $self->start;
    return $self;
}

sub dir { $_[0]{dir} }
sub port { $_[0]{port} }

sub _spew {
    my ($path, $data) = @_;
    open my $fh, '>', "$path.tmp" or die "$path: $!";
    print $fh $data;
    close $fh;
    rename "$path.tmp", $path or die "$path: $!";
}

sub _slurp {
    my ($path) = @_;
    open my $fh, '<', $path or return undef;
    local $/;
    return scalar <$fh>;
}

# serve($name, $json_text, mode => ..., headers => "Cache-Control: ...")
sub serve {
    my ($self, $name, $json, %o) = @_;
    _spew("$self->{dir}/$name.json", $json) if defined $json;
    _spew("$self->{dir}/$name.mode", $o{mode} // 'ok');
    _spew("$self->{dir}/$name.headers", $o{headers} // '');
}

sub mode {
    my ($self, $name, $mode) = @_;
    _spew("$self->{dir}/$name.mode", $mode);
}

sub fetches {
    my ($self, $name) = @_;
    my $c = _slurp("$self->{dir}/$name.count") // '';
    return scalar(() = $c =~ /\n/g);
}

sub _listen {
    my ($self) = @_;
    my %common = (LocalAddr => '127.0.0.1', LocalPort => $self->{port},
                  ReuseAddr => 1, Listen => 16);
    if ($self->{tls}) {
        require IO::Socket::SSL;
        my $keys = $self->{tls};
        return IO::Socket::SSL->new(%common, SSL_server => 1,
                                    SSL_cert_file => "$keys/server.pem",
                                    SSL_key_file => "$keys/ec256.key");
    }
    return IO::Socket::INET->new(%common, Proto => 'tcp');
}

sub _answer {
    my ($self, $c) = @_;
    my $req = do { local $/ = "\r\n\r\n"; <$c> } // return;
    my ($path) = $req =~ m{^GET /([\w.-]+)} or return;
    my $base = "$self->{dir}/$path";
    open my $cnt, '>>', "$base.count";
    print $cnt time, "\n";
    close $cnt;
    my $mode = _slurp("$base.mode") // 'ok';
    my ($status, $body, $extra) = (200, _slurp("$base.json") // '{}',
                                   _slurp("$base.headers") // '');
    if ($mode eq '500') { ($status, $body) = (500, 'oops') }
    elsif ($mode eq 'garbage') { $body = 'this is not JSON' }
    elsif ($mode eq 'huge') { $body = '{"keys":[],"pad":"' . ('x' x 65536) . '"}' }
    elsif ($mode eq 'slow') { sleep 4 }
    $extra .= "\r\n" if length $extra;
    print $c "HTTP/1.1 $status X\r\nContent-Type: application/json\r\n"
        . "Content-Length: " . length($body) . "\r\n${extra}"
        . "Connection: close\r\n\r\n$body";
}

sub start {
    my ($self) = @_;
    my $srv = $self->_listen or die "cannot listen on $self->{port}: $!";
    my $pid = fork // die "fork: $!";
    if ($pid == 0) {
        # a client that gives up mid-answer (max-size) must not kill us
        $SIG{PIPE} = 'IGNORE';
        while (my $c = $srv->accept) {
            eval { $self->_answer($c) };
            close $c;
        }
        POSIX::_exit(0);
    }
    close $srv;
    $self->{pid} = $pid;
}

sub stop {
    my ($self) = @_;
    return unless $self->{pid};
    kill 'KILL', $self->{pid};
    waitpid $self->{pid}, 0;
    delete $self->{pid};
}

sub DESTROY { $_[0]->stop }

1;
