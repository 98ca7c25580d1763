# A graceful restart in the middle of a request loop: every request is
# answered, none fails -- and a remote JWKS's keys survive the restart
# even with its server gone.
use strict;
use warnings FATAL => 'all';
use FindBin;
use lib "$FindBin::Bin/lib";
use Test::More;
use Time::HiRes qw(sleep time);
use JSON::PP ();
use POSIX ();
use AOR::Keys ();
use AOR::JWKSServer;
use AOR::Test;

my $keys = "$FindBin::Bin/keys";
my $pidfile = "$FindBin::Bin/logs/httpd.pid";

# keys for /uri/keep, then the JWKS server goes away
my $srv = AOR::JWKSServer->new;
$srv->serve(keep => JSON::PP->new->encode({keys => [
    AOR::Keys::public_jwk($keys, 'rsa', kid => 'k1', alg => 'RS256')]}));
my $kt = mint(header => {kid => 'k1'});
my $until = time + 8;
sleep 0.2 while request(GET => '/uri/keep', token => $kt)->code != 200
    && time < $until;
is(request(GET => '/uri/keep', token => $kt)->code, 200, 'remote keys loaded');
$srv->stop;

# a request loop in a child while the parent restarts httpd twice
my $t = mint(claims => claims(sub => "graceful-$$"));
pipe(my $rd, my $wr) or die;
my $pid = fork // die;
if ($pid == 0) {
    close $rd;
    my ($n, $bad) = (0, 0);
    my $end = time + 6;
    eval {
        while (time < $end) {
            $n++;
            my $res = request(GET => '/agents/a1/runs', token => $t);
            next if $res->code == 200 && $res->content eq 'ok';
            $bad++;
            print STDERR "# failed: ", $res->status_line, "\n";
        }
    };
    print STDERR "# child died: $@" if $@;
    print $wr "$n $bad\n";
    close $wr;
    POSIX::_exit(0);
}
close $wr;
open my $fh, '<', $pidfile or die "$pidfile: $!";
my $httpd = <$fh>;
chomp $httpd;
for (1 .. 2) {
    sleep 1.5;
    ok(kill('USR1', $httpd), "graceful restart $_ (SIGUSR1 to $httpd)");
}
my ($n, $bad) = split ' ', scalar <$rd>;
waitpid $pid, 0;
ok($n > 50, "$n requests during two graceful restarts");
is($bad, 0, 'none failed');
diag("graceful: $n requests, $bad failed");

sleep 1;
is(request(GET => '/uri/keep', token => $kt)->code, 200,
   'the remote keys survived the restarts without their server');

done_testing();
