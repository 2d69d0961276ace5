-- wrk script: GET /api/v1/track/CODE with CODE drawn at random from the
-- file named by $CODES (one dossier code a line).
local codes = {}

function init(args)
	for line in io.lines(os.getenv("CODES")) do
		codes[#codes + 1] = line
	end
	math.randomseed(os.time() + math.floor(os.clock() * 1000000))
end

function request()
	return wrk.format("GET", "/api/v1/track/" .. codes[math.random(#codes)])
end
