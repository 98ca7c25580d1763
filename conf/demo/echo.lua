-- echo.lua - the stand-in AgentOS backend of `make run`: answers every
-- request with the method, the path and the X-AgentOS-* headers it
-- received from mod_agentos_rbac, as JSON.
local function esc(s)
    return (tostring(s):gsub('[%c"\\]', function(c)
        return string.format('\\u%04x', c:byte())
    end))
end

function handle(r)
    local seen = {}
    for k, v in pairs(r:headers_in_table()) do
        if k:lower():sub(1, 10) == "x-agentos-" then
            table.insert(seen, string.format('"%s":"%s"', esc(k), esc(v)))
        end
    end
    table.sort(seen)
    r.content_type = "application/json"
    r:puts(string.format('{"backend":"stand-in AgentOS","method":"%s",' ..
                         '"path":"%s","received":{%s}}\n', esc(r.method),
                         esc(r.uri), table.concat(seen, ",")))
    return apache2.OK
end
