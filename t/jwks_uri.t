# AgentOSJWKSURI (SPEC 6): keys from a JWKS server the test controls and
# whose fetches it counts -- rotation, a flood of unknown kids, outages of
# every kind with stale-on-error, Cache-Control max-age, HTTPS.
use strict;
use warnings FATAL => 'all';
use FindBin;
use lib "$FindBin::Bin/lib";
use Test::More;
use POSIX ();
use Time::HiRes qw(sleep time);
use JSON::PP ();
use AOR::Keys ();
use AOR::JWKSServer;
use AOR::Test;

my $keys = "$FindBin::Bin/keys";
my $json = JSON::PP->new->canonical;
my $log = "$FindBin::Bin/logs/error_log";

sub jwks { $json->encode({keys => [map {
    AOR::Keys::public_jwk($keys, $_->[0], kid => $_->[1], alg => 'RS256')
} @_]}) }

sub tok { mint(key => "$_[0].key", header => {kid => $_[1]}) }

sub code { request(GET => $_[0], token => $_[1])->code }

# wait until the location answers $want for the token (at most $secs)
sub eventually {
    my ($path, $token, $want, $secs) = @_;
    my $until = time + $secs;
    my $code;
    while (($code = code($path, $token)) != $want && time < $until) {
        sleep 0.2;
    }
    return $code;
}

# wait until $cond->() holds (at most $secs); true if it did
sub wait_for {
    my ($cond, $secs) = @_;
    my $until = time + $secs;
    sleep 0.2 until $cond->() || time >= $until;
    return $cond->();
}

sub log_count {
    my ($re) = @_;
    open my $fh, '<', $log or return 0;
    return scalar grep { /$re/ } <$fh>;
}

# mod_watchdog hands the refresh thread to another worker process when
# the one running it exits (httpd reaps idle workers after the flood) and
# the new one waits up to 10 s before its first tick: the refresh tests
# therefore wait for events with generous deadlines and bound counts from
# above, never "n fetches in a fixed window".
my $handover = 25;

my $srv = AOR::JWKSServer->new;
diag("JWKS server on port " . $srv->port);

# ---- rotation: refresh=2 -------------------------------------------------
$srv->serve(rot => jwks([rsa => 'k1']));
my $k1 = tok(rsa => 'k1');
is(eventually('/uri/rot', $k1, 200, 15), 200,
   'rotation: k1 accepted once the first fetch is in');
is(code('/uri/rot', $k1), 200, 'rotation: k1 again (now from the token cache)');
$srv->serve(rot => jwks([other => 'k2']));
my $before = $srv->fetches('rot');
my $t_rot = time;
ok(wait_for(sub { $srv->fetches('rot') > $before }, $handover),
   'rotation: the watchdog refreshed');
sleep 4.5;
my $rot_secs = time - $t_rot;
my $during = $srv->fetches('rot') - $before;
ok($during >= 1 && $during <= 2 + int($rot_secs / 2), "rotation: $during "
   . "fetches in " . sprintf('%.1f', $rot_secs) . " s at refresh=2, no more "
   . "often than the interval");
is(code('/uri/rot', tok(other => 'k2')), 200,
   'rotation: the new kid k2 is accepted after the refresh');
is(code('/uri/rot', $k1), 401,
   'rotation: the same k1 token, cached before, is refused now that k1 is gone');
diag("rotation fetches: " . $srv->fetches('rot'));

# ---- flood of unknown kids: at most one refetch per 10 s -----------------
$srv->serve(flood => jwks([rsa => 'k1']));
is(eventually('/uri/flood', tok(rsa => 'k1'), 200, 15), 200, 'flood: loaded');
$before = $srv->fetches('flood');
my $t0 = time;
my @kids;
pipe(my $rd, my $wr) or die "pipe: $!";
for my $w (1 .. 8) {
    my $pid = fork // die "fork: $!";
    if ($pid == 0) {
        close $rd;
        my ($n, $bad) = (0, 0);
        while (time - $t0 < 11) {       # past one 10 s window
            $n++;
            $bad++ unless code('/uri/flood', tok(rsa => "nope-$w-$n")) == 401;
        }
        print $wr "$n $bad\n";
        close $wr;
        POSIX::_exit(0);
    }
    push @kids, $pid;
}
close $wr;
my ($sent, $failed) = (0, 0);
while (my $line = <$rd>) {
    my ($n, $bad) = split ' ', $line;
    $sent += $n;
    $failed += $bad;
}
waitpid $_, 0 for @kids;
my $elapsed = time - $t0;
my $flood = $srv->fetches('flood') - $before;
is($failed, 0, "flood: $sent unknown-kid requests from 8 clients all got 401");
ok($sent > 100, "flood: a real flood ($sent requests)");
ok($flood >= 1 && $flood <= 1 + int($elapsed / 10), "flood: $flood "
   . "refetch(es) in " . sprintf('%.1f', $elapsed) . " s (at most one per "
   . "10 s)");
diag("flood: $sent requests from 8 clients, $flood fetches in "
     . sprintf('%.1f', $elapsed) . " s");
is(code('/uri/flood', tok(rsa => 'k1')), 200, 'flood: k1 still accepted');

# ---- outages: the last good keys keep serving ----------------------------
$srv->serve(out => jwks([rsa => 'k1']));
is(eventually('/uri/out', tok(rsa => 'k1'), 200, 15), 200, 'outage: loaded');
my %why = ('500' => qr/HTTP status 500/,
           slow => qr/[Tt]imeout|timed out/,
           garbage => qr/not a usable JWKS/,
           huge => qr/larger than max-size=8192/,
           down => qr/[Cc]ouldn't connect|[Cc]onnection refused|Failed to connect/);
for my $mode (qw(500 slow garbage huge down)) {
    my $errors = log_count(qr/AOR00704: JWKS \S+\/out: fetch failed/);
    my $f0 = $srv->fetches('out');
    if ($mode eq 'down') { $srv->stop } else { $srv->mode(out => $mode) }
    # requests keep coming while the watchdog fails at least twice (the
    # server counts attempts; once it is down, the log shows the first)
    my $attempt_re = qr/AOR0070[45]: JWKS \S+\/out: fetch failed/;
    my $a0 = log_count($attempt_re);
    my $failed_twice = $mode eq 'down'
        ? sub { log_count($attempt_re) - $a0 >= 2 }
        : sub { $srv->fetches('out') - $f0 >= 2 };
    my ($sent, $ok) = (0, 0);
    my $until = time + $handover;
    while (!$failed_twice->() && time < $until) {
        $sent++;
        $ok++ if code('/uri/out', tok(rsa => 'k1')) == 200;
        sleep 0.25;
    }
    for (1 .. 8) {                          # and ~2 s more
        $sent++;
        $ok++ if code('/uri/out', tok(rsa => 'k1')) == 200;
        sleep 0.25;
    }
    ok($failed_twice->(), "outage ($mode): the watchdog tried and failed");
    is($ok, $sent, "outage ($mode): all $sent requests with the known kid "
       . "got 200");
    my $new = log_count(qr/AOR00704: JWKS \S+\/out: fetch failed/) - $errors;
    is($new, 1, "outage ($mode): one error line for the streak");
    my @lines = do { open my $fh, '<', $log; grep { /AOR00704: JWKS \S+\/out/ } <$fh> };
    like($lines[-1], $why{$mode}, "outage ($mode): the log says why");
    like($lines[-1], qr/the last good keys keep serving/,
         "outage ($mode): and that the last keys serve");
    diag("outage $mode: " . ($mode eq 'down' ? 'server stopped'
         : ($srv->fetches('out') - $f0) . ' fetch attempts'));
    # recover
    if ($mode eq 'down') { $srv->start; $srv->serve(out => jwks([rsa => 'k1'])) }
    else { $srv->mode(out => 'ok') }
    my $recovered = log_count(qr/AOR00702: JWKS \S+\/out: fetched again/);
    ok(wait_for(sub { log_count(qr/AOR00702: JWKS \S+\/out: fetched again/)
                          > $recovered }, $handover),
       "outage ($mode): recovery logged");
}

# ---- Cache-Control max-age shortens refresh=300 --------------------------
$srv->serve(maxage => jwks([rsa => 'k1']), headers => 'Cache-Control: public, max-age=1');
is(eventually('/uri/maxage', tok(rsa => 'k1'), 200, 15), 200, 'max-age: loaded');
$before = $srv->fetches('maxage');
my $t_age = time;
wait_for(sub { $srv->fetches('maxage') - $before >= 2 }, $handover);
my $maxage = $srv->fetches('maxage') - $before;
ok($maxage >= 2, "max-age=1 shortens refresh=300 ($maxage fetches in "
   . sprintf('%.1f', time - $t_age) . " s)");

# ---- HTTPS with a CA made in this run ------------------------------------
my $tls = AOR::JWKSServer->new(tls => $keys);
$tls->serve(tls => jwks([rsa => 'k1']));
$tls->serve(untrusted => jwks([rsa => 'k1']));
is(eventually('/uri/tls', tok(rsa => 'k1'), 200, 15), 200,
   'HTTPS: keys fetched with ca= trusting the test CA');
my $res = request(GET => '/uri/untrusted', token => tok(rsa => 'k1'));
is($res->code, 503, 'HTTPS without the CA: no keys, 503');
is($res->content, '{"detail":"Verification keys are not available yet"}',
   'HTTPS without the CA: body');
my $cert_re = qr/AOR0070[45]: JWKS https:\S+\/untrusted: fetch failed.*(certificate|SSL)/;
ok(wait_for(sub { log_count($cert_re) }, $handover), 'HTTPS without the CA: the log names the certificate problem');
$tls->stop;

$srv->stop;
done_testing();
