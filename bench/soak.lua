-- wrk script of bench/soak.sh: the mixed load of a commune's day, in 200
-- slots that each connection walks through in its own shuffled order:
--    80  GET  /api/v1/track/CODE    tracking by code (phones, QR codes)
--    30  GET  /track/CODE           the tracking page
--    20  GET  /procedures           the procedure list
--    10  GET  /procedures/1.001193  one procedure
--    10  GET  /                     the home page
--    49  POST /api/v1/dossiers      online filing by a signed-in citizen
--     1  POST /api/v1/login         a sign-in (one Argon2id hash)
-- Arguments after `--`: the file of dossier codes to track (one a line),
-- the citizen's bearer token, login and password, and the pause in
-- milliseconds before each connection's next request (0: none, as fast as
-- the server answers). wrk counts every answer that is not 2xx or 3xx.

local slots, at, pause = {}, 0, 0

local function json_string(s)
	return '"' .. s:gsub('[%c"\\]', function(c) return string.format("\\u%04x", c:byte()) end) .. '"'
end

local function add(count, req)
	for _ = 1, count do
		slots[#slots + 1] = req
	end
end

function init(args)
	local codes = {}
	for line in io.lines(args[1]) do
		codes[#codes + 1] = line
	end
	local token, login, password = args[2], args[3], args[4]
	pause = tonumber(args[5]) or 0
	if pause == 0 then
		delay = nil -- no timer at all: the capacity probe runs flat out
	end
	math.randomseed(os.time() + math.floor(os.clock() * 1000000) + #tostring({}))
	local function code()
		return codes[math.random(#codes)]
	end
	for _ = 1, 80 do
		add(1, wrk.format("GET", "/api/v1/track/" .. code()))
	end
	for _ = 1, 30 do
		add(1, wrk.format("GET", "/track/" .. code()))
	end
	add(20, wrk.format("GET", "/procedures"))
	add(10, wrk.format("GET", "/procedures/1.001193"))
	add(10, wrk.format("GET", "/"))
	local filing = '{"unit":"22015","procedure":"1.001193","applicant":{"name":"Nguyễn Văn An",'
		.. '"pid":"066090000123","phone":"0912345678","address":"Phường Tuy Hòa"},'
		.. '"form":{"requester_full_name":"Nguyễn Văn An","requester_pid":"066090000123",'
		.. '"requester_relationship":"cha","child_full_name":"Nguyễn Văn Bình","child_sex":"nam",'
		.. '"child_birth_date":"2026-04-20","child_birth_place":"Bệnh viện tỉnh Đắk Lắk",'
		.. '"child_hometown":"Đắk Lắk","child_ethnicity":"Kinh","child_nationality":"Việt Nam"}}'
	add(49, wrk.format("POST", "/api/v1/dossiers", {
		["Content-Type"] = "application/json",
		["Authorization"] = "Bearer " .. token,
	}, filing))
	add(1, wrk.format("POST", "/api/v1/login", { ["Content-Type"] = "application/json" },
		'{"login":' .. json_string(login) .. ',"password":' .. json_string(password) .. "}"))
	for i = #slots, 2, -1 do -- Fisher-Yates: each thread its own order
		local j = math.random(i)
		slots[i], slots[j] = slots[j], slots[i]
	end
	at = math.random(#slots)
end

function request()
	at = at % #slots + 1
	return slots[at]
end

function delay()
	return pause
end
