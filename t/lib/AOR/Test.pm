package AOR::Test;
# Helpers for the end-to-end tests: tokens minted with Crypt::JWT (an
# implementation independent from the module), requests, and exact
# assertions on AgentOS's 401/403 responses.
use strict;
use warnings FATAL => 'all';

use Exporter 'import';
use FindBin;
use JSON::PP ();
use MIME::Base64 qw(encode_base64url);
use Test::More;

use Apache::Test ();
use Apache::TestRequest ();
use HTTP::Request ();
use Crypt::JWT qw(encode_jwt);

our @EXPORT = qw(key_file slurp mint claims request echo status
                 expect_ok expect_401 expect_403 expect_backend b64url);

my $KEYS = "$FindBin::Bin/keys";
our $REALM = 'test-os';

sub key_file { "$KEYS/$_[0]" }

sub slurp {
    my ($path) = @_;
    open my $fh, '<', $path or die "$path: $!\n";
    local $/;
    my $data = <$fh>;
    return $data;
}

sub b64url { encode_base64url($_[0]) }

# Default claims of a valid token for the test server, overridable.
sub claims {
    my %over = @_;
    my %c = (sub => 'user-123', aud => $REALM, exp => time + 300,
             iat => time, scopes => ['agents:run']);
    while (my ($k, $v) = each %over) {
        if (defined $v) { $c{$k} = $v } else { delete $c{$k} }
    }
    return \%c;
}

# mint(claims => {...}, alg => 'RS256', key => 'rsa.key', header => {...})
sub mint {
    my %a = @_;
    my $alg = $a{alg} // 'RS256';
    my $keyname = $a{key} // ($alg =~ /^HS/ ? 'hs256.secret' : 'rsa.key');
    my $key = $a{key_bytes};
    if (!defined $key) {
        my $bytes = slurp(key_file($keyname));
        chomp $bytes if $alg =~ /^HS/;
        $key = $alg =~ /^HS/ ? $bytes : \$bytes;
    }
    return encode_jwt(payload => $a{claims} // claims(), alg => $alg,
                      key => $key, extra_headers => $a{header} // {});
}

# request(GET => '/path', token => $t, headers => {...})
sub request {
    my ($method, $path, %a) = @_;
    my %h = %{ $a{headers} // {} };
    $h{Authorization} = "Bearer $a{token}" if defined $a{token};
    my $req = HTTP::Request->new($method,
                                 Apache::TestRequest::resolve_url($path),
                                 [%h]);
    return Apache::TestRequest::user_agent()->request($req);
}

# echo($res): the JSON the echo backend answered, or {} (and a diag).
sub echo {
    my ($res) = @_;
    my $body = eval { JSON::PP->new->decode($res->content) };
    diag("not an echo response: " . $res->as_string) unless $body;
    return $body // {headers => {}};
}

# status(): the status endpoint's JSON.
sub status {
    my $res = request(GET => '/rbac-status');
    die "status: " . $res->status_line unless $res->code == 200;
    return JSON::PP->new->decode($res->content);
}

# expect_backend($res, $name): 200 from the echo backend; its report.
sub expect_backend {
    my ($res, $name) = @_;
    is($res->code, 200, "$name: 200 from the backend") or diag($res->as_string);
    return echo($res);
}

sub _json {
    my ($res) = @_;
    my $body = eval { JSON::PP->new->decode($res->content) };
    return $body;
}

# expect_ok($res, $name): 200 and the served file.
sub expect_ok {
    my ($res, $name) = @_;
    is($res->code, 200, "$name: 200") or diag($res->as_string);
    is($res->content, 'ok', "$name: body is the protected resource");
}

# expect_401($res, $detail, $name, token_sent => 1)
sub expect_401 {
    my ($res, $detail, $name, %o) = @_;
    my $sent = $o{token_sent} // 1;
    is($res->code, 401, "$name: 401") or diag($res->as_string);
    is($res->header('Content-Type'), 'application/json',
       "$name: JSON content type");
    is($res->content, JSON::PP->new->canonical->encode({detail => $detail}),
       "$name: body");
    (my $desc = $detail) =~ s/["\\]/'/g;
    my $want = qq{Bearer realm="$REALM"};
    $want .= qq{, error="invalid_token", error_description="$desc"} if $sent;
    is($res->header('WWW-Authenticate'), $want, "$name: WWW-Authenticate");
}

# expect_403($res, [scopes], $name)
sub expect_403 {
    my ($res, $scopes, $name) = @_;
    my $detail = 'Insufficient permissions. Required scope(s): '
        . join(', ', @$scopes);
    is($res->code, 403, "$name: 403") or diag($res->as_string);
    is($res->header('Content-Type'), 'application/json',
       "$name: JSON content type");
    is($res->content, JSON::PP->new->encode({detail => $detail}),
       "$name: body");
    is($res->header('WWW-Authenticate'),
       qq{Bearer realm="$REALM", error="insufficient_scope", }
       . qq{error_description="$detail", scope="@$scopes"},
       "$name: WWW-Authenticate");
}

1;
