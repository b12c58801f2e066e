-- wrk script for bench/lb_rolling_restart.sh: counts the requests each thread
-- sends and the answers it gets (2xx and everything else); done() sums the
-- threads and prints one line the shell script parses.
-- The method, path and body come from the environment (LB_METHOD, LB_PATH,
-- LB_BODY), so one script serves the GET and the POST runs.

local threads = {}

function setup(thread)
	table.insert(threads, thread)
end

function init(args)
	sent = 0
	ok = 0
	bad = 0
	local method = os.getenv("LB_METHOD") or "GET"
	local path = os.getenv("LB_PATH") or "/"
	local body = os.getenv("LB_BODY")
	local headers = {}
	if body ~= nil and body ~= "" then
		headers["Content-Type"] = "application/x-www-form-urlencoded"
	else
		body = nil
	end
	req = wrk.format(method, path, headers, body)
end

function request()
	sent = sent + 1
	return req
end

function response(status, headers, body)
	if status >= 200 and status < 300 then
		ok = ok + 1
	else
		bad = bad + 1
		if bad <= 3 then
			io.stderr:write("lb-wrk: answer with status " .. status .. "\n")
		end
	end
end

function done(summary, latency, requests)
	local s, o, b = 0, 0, 0
	for _, t in ipairs(threads) do
		s = s + t:get("sent")
		o = o + t:get("ok")
		b = b + t:get("bad")
	end
	local e = summary.errors
	io.write(string.format(
		"lb-wrk: sent %d answered %d ok %d non2xx %d connect %d read %d write %d timeout %d p99_ms %.1f max_ms %.1f\n",
		s, o + b, o, b, e.connect, e.read, e.write, e.timeout,
		latency:percentile(99) / 1000, latency.max / 1000))
end
