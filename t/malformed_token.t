# Tokens that are not a compact JWS: 401 "Invalid token: Malformed token".
use strict;
use warnings FATAL => 'all';
use FindBin;
use lib "$FindBin::Bin/lib";
use Test::More;
use AOR::Test;

my $good = mint();
my ($h, $p, $s) = split /\./, $good;
my $detail = 'Invalid token: Malformed token';

my %cases = (
    'one part'                => 'abc',
    'two parts'               => "$h.$p",
    'four parts'              => "$good.$s",
    'padding in a part'       => "$h=.$p.$s",
    'standard base64 alphabet'=> "$h.$p." . ($s =~ tr/-_/+\//r),
    'header not JSON'         => b64url('not json') . ".$p.$s",
    'header a JSON array'     => b64url('["alg"]') . ".$p.$s",
    'payload not JSON'        => "$h." . b64url('hello') . ".$s",
    'duplicate alg member'    => b64url('{"alg":"RS256","alg":"none"}')
                                 . ".$p.$s",
    'UTF-8 BOM before header' => b64url("\xEF\xBB\xBF" . '{"alg":"RS256"}')
                                 . ".$p.$s",
);
for my $name (sort keys %cases) {
    expect_401(request(GET => '/agents/a1/runs', token => $cases{$name}),
               $detail, $name);
}

# longer than AgentOSMaxTokenSize (16384 by default): rejected unparsed
expect_401(request(GET => '/agents/a1/runs', token => 'a' x 16385),
           'Invalid token: Token is too large', 'oversized token');

done_testing();
