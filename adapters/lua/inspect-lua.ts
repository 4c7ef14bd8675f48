// Lua half of the producer's inspection: renders values, lists table children and evaluates
// expressions. It is compiled once, before the guest runs, from builtins captured at that moment,
// and lives only in the registry, so the guest can neither see nor replace what it uses.
export const INSPECT_CHUNKNAME = '=nestdbg';

export const INSPECT_LUA = String.raw`
local tonumber, type, next, rawlen, rawget, rawset, getmetatable, setmetatable, load, select, tostring, pcall =
      tonumber, type, next, rawlen, rawget, rawset, getmetatable, setmetatable, load, select, tostring, pcall
local mtype, format, gsub, sub, find, match, sort, concat, tointeger =
      math.type, string.format, string.gsub, string.sub, string.find, string.match, table.sort, table.concat, math.tointeger
local getinfo = debug.getinfo
local MAX = 200
local escapes = { ['"'] = '\\"', ['\\'] = '\\\\', ['\n'] = '\\n', ['\r'] = '\\r', ['\t'] = '\\t' }

local function number(v)
  if mtype(v) == 'integer' then return format('%d', v) end
  if v ~= v then return 'nan' end
  if v == 1/0 then return 'inf' elseif v == -1/0 then return '-inf' end
  local s = format('%.14g', v)
  if not find(s, '[^%-%d]') then s = s .. '.0' end
  return s
end

local function quote(s)
  local cut = #s > MAX
  if cut then s = sub(s, 1, MAX) end
  s = gsub(s, '[%c"\\]', function(c) return escapes[c] or format('\\%d', c:byte()) end)
  return '"' .. s .. (cut and '…"' or '"')
end

local function isident(k)
  return type(k) == 'string' and find(k, '^[%a_][%w_]*$') ~= nil
end

local function short(v)
  local t = type(v)
  if t == 'string' then return quote(v)
  elseif t == 'number' then return number(v)
  elseif t == 'table' then return '{…}'
  elseif t == 'function' then return 'function'
  elseif t == 'nil' or t == 'boolean' then return tostring(v)
  else return t end
end

local function keyname(k)
  if isident(k) then return k end
  return '[' .. short(k) .. ']'
end

local order = { number = 1, string = 2, boolean = 3 }
local function before(a, b)
  local ta, tb = type(a), type(b)
  if ta ~= tb then return (order[ta] or 9) < (order[tb] or 9) or ((order[ta] or 9) == (order[tb] or 9) and ta < tb) end
  if ta == 'number' or ta == 'string' then return a < b end
  if ta == 'boolean' then return (not a) and b end
  return format('%p', a) < format('%p', b)
end

-- Named keys of t (everything outside the border 1..n), in a stable order; n the indexed count.
local function keys(t)
  local n = rawlen(t)
  local list = {}
  for k in next, t do
    if not (mtype(k) == 'integer' and k >= 1 and k <= n) then list[#list + 1] = k end
  end
  sort(list, before)
  return list, n
end

local function display(v)
  local t = type(v)
  if t == 'table' then
    local list, n = keys(v)
    local parts, count = {}, 0
    for i = 1, n do
      if count == 5 then break end
      count = count + 1; parts[count] = short(rawget(v, i))
    end
    for _, k in next, list do
      if count == 5 then break end
      count = count + 1; parts[count] = keyname(k) .. ' = ' .. short(rawget(v, k))
    end
    local more = (n + #list > count) and ', …' or ''
    local mt = getmetatable(v)
    local name = (type(mt) == 'table' and type(rawget(mt, '__name')) == 'string') and (rawget(mt, '__name') .. ' ') or ''
    return name .. '{' .. concat(parts, ', ') .. more .. '}'
  elseif t == 'function' then
    local info = getinfo(v, 'S')
    if info.what == 'C' then return 'builtin function' end
    return format('function (%s:%d)', info.short_src, info.linedefined)
  elseif t == 'thread' or t == 'userdata' then
    return format('%s: %p', t, v)
  end
  return short(v)
end

local H = {}

-- display, type, named count, indexed count (counts only for tables)
function H.describe(v)
  if type(v) == 'table' then
    local list, n = keys(v)
    local named = #list + (getmetatable(v) ~= nil and 1 or 0)
    return display(v), 'table', named, n
  end
  return display(v), type(v)
end

-- Children of t: names and values, for filter 'all' | 'named' | 'indexed', from 0-based start.
function H.children(t, filter, start, count)
  local list, n = keys(t)
  local names, values, out = {}, {}, 0
  local named = 0
  local meta = getmetatable(t)
  if filter ~= 'indexed' then named = #list + (meta ~= nil and 1 or 0) end
  local total = named + ((filter ~= 'named') and n or 0)
  local last = (count > 0) and (start + count) or total
  if last > total then last = total end
  for i = start + 1, last do
    out = out + 1
    if i <= #list and i <= named then
      names[out], values[out] = keyname(list[i]), rawget(t, list[i])
    elseif i <= named then
      names[out], values[out] = '(metatable)', meta
    else
      names[out], values[out] = format('%d', i - named), rawget(t, i - named)
    end
  end
  return names, values, out
end

-- The key of t that a child listing names 'name', or nil.
function H.findkey(t, name)
  if match(name, '^%d+$') then
    local k = tointeger(tonumber(name))
    if k and rawget(t, k) ~= nil then return k end
  end
  for k in next, t do
    if keyname(k) == name then return k end
  end
  return nil
end

-- An error value as exception-info shows it: a type name (the metatable's __name, 'error' for a
-- message) and a text (the message, or __tostring's result, or the value's display).
function H.errortext(e)
  local t, mt = type(e), getmetatable(e)
  local id = (t == 'string' or t == 'number') and 'error' or t
  if type(mt) == 'table' and type(rawget(mt, '__name')) == 'string' then id = rawget(mt, '__name') end
  if t == 'string' then return id, e end
  if type(mt) == 'table' and rawget(mt, '__tostring') ~= nil then
    local ok, s = pcall(tostring, e)
    if ok and type(s) == 'string' then return id, s end
  end
  return id, display(e)
end

function H.assign(t, k, v)
  rawset(t, k, v)
end

-- Evaluates code in an environment that sees names[1..n] (values[i]; later names win), then env.
-- Returns the first result, and a table of the indexes that were assigned.
function H.evaluate(code, names, values, n, env)
  local index, assigned = {}, {}
  for i = 1, n do index[names[i]] = i end
  local proxy = setmetatable({}, {
    __index = function(_, k) local i = index[k]; if i then return values[i] end; return env[k] end,
    __newindex = function(_, k, v) local i = index[k]; if i then values[i] = v; assigned[i] = true else env[k] = v end end,
  })
  local f, err = load('return ' .. code, '=(eval)', 't', proxy)
  if not f then
    f, err = load(code, '=(eval)', 't', proxy)
    if not f then error(err, 0) end
  end
  local v = f()
  return v, assigned
end

return H
`;
