# The verified-token cache (AgentOSTokenCache): hits skip verification,
# an entry never outlives the token's exp.  Run against shmcb in the main
# passes and against a real memcached and redis-server by tools/e2e.sh
# (AOR_EXPECT_CACHE names the provider expected).
use strict;
use warnings FATAL => 'all';
use FindBin;
use lib "$FindBin::Bin/lib";
use Test::More;
use IO::Socket::INET ();
use AOR::Test;

my $provider = $ENV{AOR_EXPECT_CACHE} // 'shmcb';
is(status()->{token_cache}{provider}, $provider, "the cache is $provider");

my $t = mint(claims => claims(scopes => ['agents:run'], sub => "cache-$$"));
my $s0 = status();
expect_ok(request(GET => '/agents/a1/runs', token => $t), "request $_")
    for 1 .. 3;
my $s1 = status();
is($s1->{token_cache}{misses} - $s0->{token_cache}{misses}, 1,
   'first request: a miss');
is($s1->{token_cache}{hits} - $s0->{token_cache}{hits}, 2,
   'then two hits');
is($s1->{verifications}{RS256} - $s0->{verifications}{RS256}, 1,
   'one signature verification for three requests');
my $res = request(GET => '/agents/a1/runs', token => $t);
is($res->header('X-Test-User'), "cache-$$", 'a hit publishes the identity');
is($res->header('X-Test-Env-Scopes'), 'agents:run', 'and the scopes');
expect_403(request(GET => '/multi', token => $t), ['agents:read', 'teams:read'],
           'a cached identity is still authorized per location');

# an entry never outlives exp: a token valid for 2 s is refused once exp
# plus the default leeway (10 s) has passed, although it was cached
my $short = mint(claims => claims(exp => time + 2, sub => "short-$$"));
expect_ok(request(GET => '/any', token => $short), 'short-lived: 200');
expect_ok(request(GET => '/any', token => $short), 'short-lived: 200 (hit)');
sleep 13;
expect_401(request(GET => '/any', token => $short), 'Token has expired',
           'short-lived: 401 after exp + leeway, not served from the cache');

# the entries really are in the backend
if ($provider eq 'memcache') {
    my $s = IO::Socket::INET->new("127.0.0.1:$ENV{AOR_CACHE_PORT}") or die;
    print $s "stats\r\n";
    my $items;
    while (my $l = <$s>) { $items = $1 if $l =~ /STAT curr_items (\d+)/; last if $l =~ /^END/ }
    ok($items && $items > 0, "memcached holds $items entries");
}
elsif ($provider eq 'redis') {
    my $n = `redis-cli -p $ENV{AOR_CACHE_PORT} dbsize`;
    chomp $n;
    ok($n > 0, "redis holds $n entries");
}

done_testing();
