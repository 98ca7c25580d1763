-- tokens.lua - wrk script: each request carries the next token of the
-- file named by $TOKENS (round robin), on the path $BENCH_PATH.
local tokens = {}
for line in io.lines(os.getenv("TOKENS")) do
    tokens[#tokens + 1] = "Bearer " .. line
end
local path = os.getenv("BENCH_PATH")
local i = math.random(#tokens)

request = function()
    i = i % #tokens + 1
    return wrk.format("GET", path, { ["Authorization"] = tokens[i] })
end

done = function(summary, latency, requests)
    io.write(string.format(
        "BENCH requests=%d non2xx=%d sockerr=%d p50=%.1f p99=%.1f\n",
        summary.requests, summary.errors.status,
        summary.errors.connect + summary.errors.read + summary.errors.write
            + summary.errors.timeout,
        latency:percentile(50), latency:percentile(99)))
end
