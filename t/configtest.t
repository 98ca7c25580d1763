# Bad configuration fails `httpd -t` (what `apachectl configtest` runs)
# with a message naming the directive and the reason -- and never
# printing a secret.
use strict;
use warnings FATAL => 'all';
use FindBin;
use lib "$FindBin::Bin/lib";
use MIME::Base64 qw(encode_base64);
use Test::More;
use AOR::Test;

my $httpd = $ENV{AOR_HTTPD} || '/usr/sbin/apache2';
my $module = $ENV{AOR_MODULE} or die "AOR_MODULE is not set\n";
my $keys = "$FindBin::Bin/keys";
my $dir = "$FindBin::Bin/logs/configtest";
mkdir $dir unless -d $dir;

# configtest($name, $body): exit status and output of httpd -t
sub configtest {
    my ($name, $body) = @_;
    my $conf = "$dir/$name.conf";
    open my $fh, '>', $conf or die "$conf: $!";
    print $fh <<"EOC";
ServerRoot "$dir"
ServerName localhost
ErrorLog "$dir/$name.log"
Listen 127.0.0.1:1
LoadModule mpm_event_module /usr/lib/apache2/modules/mod_mpm_event.so
LoadModule authn_core_module /usr/lib/apache2/modules/mod_authn_core.so
LoadModule authz_core_module /usr/lib/apache2/modules/mod_authz_core.so
LoadModule agentos_rbac_module "$module"
$body
EOC
    close $fh;
    my $out = `$httpd -t -f $conf 2>&1`;
    return ($? >> 8, $out);
}

sub refused {
    my ($name, $body, $want) = @_;
    my ($rc, $out) = configtest($name, $body);
    isnt($rc, 0, "$name: configtest fails");
    like($out, $want, "$name: says why") or diag($out);
    return $out;
}

my ($rc, $out) = configtest('good', <<"EOC");
<Location />
    AuthType agentos
    AgentOSAlgorithms RS256 ES256 HS512
    AgentOSVerifyKey $keys/rsa.pub.pem $keys/ec256.pub.pem secret-file:$keys/hs256.secret
    Require agentos-scope agents:read
</Location>
EOC
is($rc, 0, 'a good configuration passes') or diag($out);
like($out, qr/Syntax OK/, 'Syntax OK');

refused('rsa-1024', "AgentOSVerifyKey $keys/rsa1024.pub.pem",
        qr/AgentOSVerifyKey: \S+rsa1024.pub.pem: RSA key of 1024 bits is below the minimum of 2048/);

# small-order-key: an Ed25519 key that is the neutral element (SPKI DER
# around y = 1); under it R = neutral, S = 0 would verify any token
my $neutral = "$dir/ed25519-neutral.pub.pem";
open my $pem, '>', $neutral or die "$neutral: $!";
print $pem "-----BEGIN PUBLIC KEY-----\n",
    encode_base64(pack('H*', '302a300506032b6570032100' . '01' . '00' x 31)),
    "-----END PUBLIC KEY-----\n";
close $pem;
refused('ed25519-small-order', "AgentOSVerifyKey $neutral",
        qr/AgentOSVerifyKey: \S+ed25519-neutral.pub.pem: the Ed25519 public key is not a canonical point of prime order \(small-order or invalid\)/);

$out = refused('short-hmac-secret', <<"EOC",
<Location />
    AgentOSAlgorithms HS256 HS512
    AgentOSVerifyKey secret-file:$keys/hs32.secret
</Location>
EOC
    qr/AgentOSVerifyKey: an HMAC secret of 32 bytes \(\S+:\d+\) is shorter than the 64 bytes the allowed HS algorithms need/);
my $secret = slurp("$keys/hs32.secret");
chomp $secret;
unlike($out, qr/\Q$secret\E/, 'short-hmac-secret: the secret is not printed');

$out = refused('inline-secret-too-short',
               'AgentOSVerifyKey secret:tooshort-but-secret',
               qr/AgentOSVerifyKey: secret:<hidden>: HMAC secret of 19 bytes is shorter than the 32 bytes HS256 needs/);
unlike($out, qr/tooshort-but-secret/, 'inline secret is not printed');

refused('alg-without-key', <<"EOC",
<Location />
    AgentOSAlgorithms RS256 ES256
    AgentOSVerifyKey $keys/rsa.pub.pem
</Location>
EOC
    qr/AgentOSAlgorithms: ES256 is allowed \(\S+:\d+\) but no configured key can verify it/);

refused('default-rs256-without-rsa-key',
        "<Location />\n AgentOSVerifyKey $keys/ec256.pub.pem\n</Location>",
        qr/AgentOSAlgorithms: RS256 is allowed .* but no configured key can verify it/);

refused('jwks-no-usable-key', "AgentOSJWKSFile $keys/jwks-enc-only.json",
        qr/AgentOSJWKSFile: \S+jwks-enc-only.json: no usable key/);

refused('unknown-algorithm', 'AgentOSAlgorithms RS256 ES999',
        qr/AgentOSAlgorithms: unknown algorithm 'ES999'/);
refused('alg-none', 'AgentOSAlgorithms none',
        qr/AgentOSAlgorithms: unknown algorithm 'none'/);
refused('private-key', "AgentOSVerifyKey $keys/rsa.key",
        qr/AgentOSVerifyKey: \S+rsa.key: a private key \(PRIVATE KEY\) was given/);
refused('missing-key-file', "AgentOSVerifyKey $keys/nope.pem",
        qr/AgentOSVerifyKey: cannot read '\S+nope.pem'/);
refused('unset-env', 'AgentOSVerifyKey env:AOR_SURELY_UNSET_VARIABLE',
        qr/AgentOSVerifyKey: environment variable AOR_SURELY_UNSET_VARIABLE is not set/);
refused('bad-scope', "<Location />\n AuthType agentos\n Require agentos-scope agents\n</Location>",
        qr/Require agentos-scope: 'agents' is not a scope/);
refused('route-bad-method', 'AgentOSRoute get /x agents:read',
        qr/AgentOSRoute: 'get' is not a method/);
refused('route-bad-scope', 'AgentOSRoute GET /x agents',
        qr/AgentOSRoute: 'agents' is not a scope/);
refused('route-no-slash', 'AgentOSRoute GET x agents:read',
        qr/AgentOSRoute: the path 'x' does not start with '\/'/);
refused('route-class', 'AgentOSRoute GET /x/[ab] agents:read',
        qr/AgentOSRoute: '\/x\/\[ab\]': character classes/);
refused('route-map', 'AgentOSRouteMap some', qr/AgentOSRouteMap: 'some' is not default or none/);
refused('exclude', 'AgentOSExclude health', qr/AgentOSExclude: 'health' is not a path pattern/);
refused('base-path', 'AgentOSBasePath api', qr/AgentOSBasePath: 'api' is not a path prefix/);
refused('token-source', 'AgentOSTokenSource query', qr/AgentOSTokenSource: 'query' is not header, cookie or both/);
refused('cookie-name', 'AgentOSCookieName "a b"', qr/AgentOSCookieName: 'a b' is not a valid cookie name/);
refused('service-accounts', 'AgentOSServiceAccountTokens allow', qr/AgentOSServiceAccountTokens: 'allow' is not deny or passthrough/);
refused('scopes-claim-mode', 'AgentOSScopesClaim scope comma', qr/AgentOSScopesClaim: 'comma' is not a mode/);
refused('security-key-form', 'AgentOSSecurityKey plainvalue', qr/AgentOSSecurityKey: use env:NAME, secret:VALUE or secret-file:PATH/);
refused('cors-origin', 'AgentOSCORSAllowOrigin example.com', qr/AgentOSCORSAllowOrigin: 'example.com' is not an origin/);
($rc, $out) = configtest('route-map-mode', "<Location />\n AuthType agentos\n AgentOSVerifyKey $keys/rsa.pub.pem\n Require agentos-scope\n</Location>");
is($rc, 0, 'Require agentos-scope without arguments (the route map) passes') or diag($out);
($rc, $out) = configtest('security-key-ignored', "<Location />\n AgentOSVerifyKey $keys/rsa.pub.pem\n AgentOSSecurityKey secret:legacy-secret\n</Location>");
is($rc, 0, 'security key with JWT keys: configtest passes');
like($out, qr/AgentOSSecurityKey \(\S+\) is ignored: a JWT key source is configured/, '... with a warning');
unlike($out, qr/legacy-secret/, '... that does not print the key');
refused('key-store-size', "AgentOSKeyStoreSize 4096\n<Location />\n AgentOSVerifyKey "
        . join(' ', map { "$keys/$_.pub.pem" } (qw(other ec256 ec384 ec521 ed25519 ed448), ("rsa") x 20))
        . "\n AgentOSAlgorithms RS256 ES256 ES384 ES512 EdDSA\n</Location>",
        qr/AgentOSKeyStoreSize: the keys configured at \S+ take \d+ bytes, more than the 4096 bytes of a key store slot/);
refused('bad-store-size', 'AgentOSKeyStoreSize 10', qr/AgentOSKeyStoreSize: '10' is not a size/);
refused('token-cache-provider', 'AgentOSTokenCache :x', qr/AgentOSTokenCache: give a socache provider/);
refused('jwks-uri', 'AgentOSJWKSURI ftp://x/', qr/AgentOSJWKSURI: the first argument must be an http/);
refused('jwks-uri-option', 'AgentOSJWKSURI http://127.0.0.1/ refresh=0', qr/AgentOSJWKSURI: 'refresh=0' is not refresh=1..86400/);
refused('bad-leeway', 'AgentOSLeeway -1',
        qr/AgentOSLeeway: '-1' is not an integer from 0 to 86400/);
refused('bad-max-token-size', 'AgentOSMaxTokenSize 10',
        qr/AgentOSMaxTokenSize: '10' is not an integer from 64 to 1048576/);
refused('bad-header-name', 'AgentOSTokenHeader "X Token"',
        qr/AgentOSTokenHeader: 'X Token' is not a valid header name/);

done_testing();
