-- Workload H2 (shared/BENCH.md): every connection writes 10 requests at once and
-- reads the 10 responses before it writes the next 10. wrk counts responses.
init = function(args)
	local reqs = {}
	for i = 1, 10 do
		reqs[i] = wrk.format(nil, "/")
	end
	batch = table.concat(reqs)
end

request = function()
	return batch
end
