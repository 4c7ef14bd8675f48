-- classes.lua — "classes" with metatables: methods, inheritance, a class field, __tostring.

local Shape = {}
Shape.__index = Shape
Shape.count = 0

function Shape.new(name)
  -- Breakpoint here: `self` is a partially built object.
  local self = setmetatable({}, Shape)
  self.name = name
  Shape.count = Shape.count + 1
  return self
end

function Shape:area()
  return 0
end

function Shape:describe()
  local area = self:area()
  return self.name .. " with area " .. area
end

function Shape.total()
  return Shape.count
end

local Rect = setmetatable({}, { __index = Shape })
Rect.__index = Rect
Rect.__tostring = function(r) return "Rect(" .. r.w .. "x" .. r.h .. ")" end

function Rect.new(w, h)
  local self = Shape.new("rect")
  setmetatable(self, Rect)
  self.w = w
  self.h = h
  return self
end

function Rect:resize(text)
  -- Breakpoint here: a method called with `:`.
  local w, h = text:match("(%d+)x(%d+)")
  self.w = tonumber(w)
  self.h = tonumber(h)
end

function Rect:area()
  return self.w * self.h
end

local r = Rect.new(2, 3)
print(r:describe())
r:resize("4x5")
print("size = " .. tostring(r))
print(r:describe())
local s = Shape.new("point")
print(s:describe())
print("shapes = " .. Shape.total())
