# The status endpoint: JSON that parses, Prometheus text whose every line
# is valid exposition syntax, counters that move exactly as the requests
# made here dictate.
use strict;
use warnings FATAL => 'all';
use FindBin;
use lib "$FindBin::Bin/lib";
use Test::More;
use AOR::Test;

my $s0 = status();
ok(ref $s0->{denied} eq 'HASH', 'JSON: denied by reason');
ok(ref $s0->{key_sources} eq 'ARRAY' && @{ $s0->{key_sources} } > 0,
   'JSON: key sources listed');

# one allowed, and one of each denial
expect_ok(request(GET => '/agents/a1/runs',
                  token => mint(claims => claims(sub => "st-$$"))), 'allowed');
request(GET => '/agents/a1/runs');
request(GET => '/agents/a1/runs', token => mint(claims => claims(exp => time - 60)));
request(GET => '/agents/a1/runs', token => mint(claims => claims(aud => 'x')));
request(GET => '/agents/a1/runs', token => mint(claims => claims(sub => 'sa:x')));
request(GET => '/agents/a1/runs', token => 'garbage');
request(GET => '/agents/a1/runs', token => mint(claims => claims(scopes => [])));
my $s1 = status();
is($s1->{allowed} - $s0->{allowed}, 1, 'allowed +1');
for my $r (qw(missing expired audience subject invalid scope)) {
    is($s1->{denied}{$r} - $s0->{denied}{$r}, 1, "denied $r +1");
}
is($s1->{denied}{issuer} - $s0->{denied}{issuer}, 0, 'denied issuer +0');

# Prometheus text
my $res = request(GET => '/rbac-status?format=prometheus');
is($res->code, 200, 'prometheus: 200');
like($res->header('Content-Type'), qr{^text/plain; version=0\.0\.4}, 'prometheus: content type');
my $name = qr/[a-zA-Z_:][a-zA-Z0-9_:]*/;
my $lval = qr/"(?:[^"\\\n]|\\["\\n])*"/;
my ($bad, %typed, %seen) = (0);
for my $line (split /\n/, $res->content) {
    if ($line =~ /^# HELP ($name) \S/) { next }
    if ($line =~ /^# TYPE ($name) (counter|gauge)$/) { $typed{$1} = 1; next }
    if ($line =~ /^($name)(\{$name=$lval(,$name=$lval)*\})? (-?\d+)$/) {
        $seen{$1} = 1;
        $bad++ unless $typed{$1} && $1 =~ /^agentos_rbac_/;
        next;
    }
    diag("bad line: $line");
    $bad++;
}
is($bad, 0, 'prometheus: every line is HELP, TYPE or a typed agentos_rbac_ sample');
ok($seen{$_}, "prometheus: $_") for qw(agentos_rbac_requests_allowed_total
    agentos_rbac_requests_denied_total agentos_rbac_token_cache_hits_total
    agentos_rbac_token_cache_misses_total agentos_rbac_verifications_total
    agentos_rbac_jwks_fetches_total agentos_rbac_key_set_age_seconds);
my ($allowed) = $res->content =~ /^agentos_rbac_requests_allowed_total (\d+)$/m;
is($allowed, $s1->{allowed}, 'prometheus and JSON agree');

done_testing();
