# Nested <Location> sections: the inner section overrides values and
# replaces lists (AgentOSAudience, AgentOSRoute, AgentOSExclude); what it
# does not set is inherited.
use strict;
use warnings FATAL => 'all';
use FindBin;
use lib "$FindBin::Bin/lib";
use Test::More;
use AOR::Test;

sub tok { my ($aud, @s) = @_; mint(claims => claims(aud => $aud, scopes => [@s])) }

# outer
expect_backend(request(GET => '/nest/thing', token => tok('nest-outer', 'outer:read')),
               'outer: its route and audience');
expect_403(request(GET => '/nest/thing', token => tok('nest-outer', 'x:read')),
           ['outer:read'], 'outer: route enforced');
expect_backend(request(GET => '/nest/open'), 'outer: its exclusion');

# inner: token from the cookie, its own audience, its own route list
my $inner = tok('nest-inner', 'inner:read');
my $e = expect_backend(request(GET => '/nest/inner/thing',
                               headers => {Cookie => "access_token=$inner"}),
                       'inner: cookie source, inner audience, inner route');
is($e->{headers}{'x-agentos-user-id'}, undef, 'inner: forwarding off');
expect_403(request(GET => '/nest/inner/thing',
                   headers => {Cookie => 'access_token='
                               . tok('nest-inner', 'outer:read')}),
           ['inner:read'], 'inner: the outer route for the path is replaced');
expect_401(request(GET => '/nest/inner/thing',
                   headers => {Cookie => 'access_token='
                               . tok('nest-outer', 'inner:read')}),
           'Invalid token audience - token not valid for this AgentOS instance',
           'inner: the outer audience no longer accepted');
expect_401(request(GET => '/nest/inner/thing', token => $inner),
           "JWT cookie 'access_token' missing", 'inner: header not read',
           token_sent => 0);
expect_401(request(GET => '/nest/inner/open'),
           "JWT cookie 'access_token' missing",
           'inner: AgentOSExclude none replaced the outer list',
           token_sent => 0);
# inherited: keys, base path, Require, ProxyPass
$e = expect_backend(request(GET => '/nest/inner/other',
                            headers => {Cookie => "access_token=$inner"}),
                    'inner: inherits keys, base path and proxy');
is($e->{path}, '/backend/inner/other', 'inner: proxied path');

done_testing();
