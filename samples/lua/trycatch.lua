-- trycatch.lua — errors crossing several frames; pcall as try/catch, a "finally" by hand.

local ValidationError = {}
ValidationError.__index = ValidationError
ValidationError.__tostring = function(e) return "invalid " .. e.field end

local function check(value)
  if value < 0 then
    -- Breakpoint here: the error unwinds through validate and processAll.
    error(setmetatable({ field = "value" }, ValidationError))
  end
  return value
end

local function validate(values)
  local total = 0
  for _, v in ipairs(values) do
    total = total + check(v)
  end
  return total
end

local function processAll(values)
  local status = "started"
  local ok, result = pcall(validate, values)
  if ok then status = "ok" end
  -- Breakpoint here: runs on both the normal and the error path.
  print("finally, status = " .. status)
  if not ok then error(result, 0) end
  return result
end

local function run(values)
  local ok, result = pcall(processAll, values)
  if ok then
    return "result " .. result
  end
  -- Breakpoint here: caught two frames above the error.
  return "caught " .. tostring(result) .. " (" .. result.field .. ")"
end

print(run({ 1, 2, 3 }))
print(run({ 1, -2, 3 }))

local ok, e = pcall(function() return nil .. "x" end)
print("builtin error: " .. (ok and "none" or "string"))
