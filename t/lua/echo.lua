-- echo.lua - the test suite's stand-in AgentOS backend: answers with the
-- method, path, query string and every request header it received, as
-- JSON, so the tests can see exactly what mod_agentos_rbac forwarded.
local function esc(s)
    return (tostring(s):gsub('[%c"\\]', function(c)
        return string.format('\\u%04x', c:byte())
    end))
end

function handle(r)
    local headers = {}
    for k, v in pairs(r:headers_in_table()) do
        table.insert(headers, string.format('"%s":"%s"', esc(k:lower()),
                                            esc(v)))
    end
    table.sort(headers)
    r.content_type = "application/json"
    r:puts(string.format('{"method":"%s","path":"%s","query":"%s",' ..
                         '"headers":{%s}}', esc(r.method), esc(r.uri),
                         esc(r.args or ""), table.concat(headers, ",")))
    return apache2.OK
end
