-- Headless Neovim (0.7 API: vim.lsp.start_client, no vim.lsp.start) as a real third-party LSP client of
-- `node dist/cli.js lsp --stdio`. Run by test/editors/run.js:
--   nvim --headless -n -i NONE -u NONE -c "luafile check.lua" main.go
-- Environment: GMH_SERVER_CLI (absolute path of dist/cli.js). Prints "ok - ..." / "not ok - ..." lines on stdout
-- (in headless mode `print` goes to stderr) and exits 0 only when every check passed.

local out = function(s) io.stdout:write(s .. '\n') end
local failures = 0
local function check(ok, what, detail)
  if ok then
    out('ok - ' .. what)
  else
    failures = failures + 1
    out('not ok - ' .. what .. (detail and (': ' .. detail) or ''))
  end
  return ok
end

local function main()
  local server = assert(os.getenv('GMH_SERVER_CLI'), 'GMH_SERVER_CLI is not set')
  local buf = vim.api.nvim_get_current_buf()
  vim.bo[buf].filetype = 'go' -- -u NONE: no filetype detection; the server is told languageId "go"
  local file = vim.api.nvim_buf_get_name(buf)
  local uri = vim.uri_from_bufnr(buf)
  local lines = vim.api.nvim_buf_get_lines(buf, 0, -1, false)
  local function line_of(marker)
    for i, l in ipairs(lines) do
      if l:find(marker, 1, true) then return i - 1 end
    end
    error('no line with ' .. marker)
  end

  local id = vim.lsp.start_client({
    name = 'go-memory-hints',
    cmd = { 'node', server, 'lsp', '--stdio' },
    root_dir = vim.fn.fnamemodify(file, ':p:h'),
    settings = { goMemoryHints = { compiler = 'off' } },
  })
  if not check(id ~= nil, 'the server starts') then return end
  vim.lsp.buf_attach_client(buf, id)

  local function find(code)
    for _, d in ipairs(vim.diagnostic.get(buf)) do
      if d.code == code then return d end
    end
  end
  local arrived = vim.wait(20000, function() return find('moved-to-heap') ~= nil and find('struct-layout') ~= nil end, 50)
  check(arrived, 'diagnostics arrive', #vim.diagnostic.get(buf) .. ' diagnostics')
  if not arrived then return end

  local moved = find('moved-to-heap')
  check(moved.lnum == line_of('n := node{val: v}'), 'moved-to-heap is on the line of n', 'line ' .. moved.lnum)
  check(moved.severity == vim.diagnostic.severity.WARN, 'escape diagnostics are warnings')
  check(moved.message:find('moved to heap: n', 1, true) ~= nil and moved.message:find('\n', 1, true) ~= nil, 'the message carries the reason chain', moved.message)
  local layout = find('struct-layout')
  check(layout.severity == vim.diagnostic.severity.INFO, 'layout diagnostics are information')
  check(lines[layout.lnum + 1]:sub(layout.col + 1, layout.end_col) == 'Padded', 'the layout diagnostic covers the struct name')

  -- Hover on the struct name: the Markdown layout table.
  local padded = line_of('type Padded struct')
  local hover = vim.lsp.buf_request_sync(buf, 'textDocument/hover', { textDocument = { uri = uri }, position = { line = padded, character = 6 } }, 10000)
  local md = ''
  for _, r in pairs(hover or {}) do
    if r.result and r.result.contents then md = md .. (r.result.contents.value or vim.inspect(r.result.contents)) end
  end
  check(md:find('| offset | field | type | size | align | pad |', 1, true) ~= nil, 'hover shows the layout table', md:sub(1, 300))
  check(md:find('size 24 B, align 8', 1, true) ~= nil, 'hover shows size and alignment')

  -- Code actions for the layout diagnostic; apply the reorder fix.
  local lsp_diag = vim.tbl_extend('keep', {
    range = { start = { line = layout.lnum, character = layout.col }, ['end'] = { line = layout.end_lnum, character = layout.end_col } },
    severity = 3,
    message = layout.message,
    source = layout.source,
    code = layout.code,
  }, layout.user_data and layout.user_data.lsp or {})
  local res = vim.lsp.buf_request_sync(buf, 'textDocument/codeAction', {
    textDocument = { uri = uri },
    range = lsp_diag.range,
    context = { diagnostics = { lsp_diag } },
  }, 10000)
  local reorder, fixall
  for _, r in pairs(res or {}) do
    for _, a in ipairs(r.result or {}) do
      if a.title == 'Reorder fields for minimal size' then reorder = a end
      if a.kind == 'source.fixAll.goMemoryHints' then fixall = a end
    end
  end
  check(reorder ~= nil and reorder.edit ~= nil, 'the reorder quick fix is offered with an edit')
  check(fixall ~= nil, '"Fix all Go memory hints" is offered')
  if reorder and reorder.edit then
    vim.lsp.util.apply_workspace_edit(reorder.edit, 'utf-16')
    local now = vim.api.nvim_buf_get_lines(buf, padded, padded + 3, false)
    check(now[2] == '\tb int64' and now[3] == '\ta bool', 'applying it reorders the fields', vim.inspect(now))
    local gone = vim.wait(10000, function() return find('struct-layout') == nil and find('moved-to-heap') ~= nil end, 50)
    check(gone, 'the layout diagnostic goes away after the edit')
  end
  vim.lsp.stop_client(id)
end

local ok, err = pcall(main)
if not ok then check(false, 'the script runs', tostring(err)) end
if failures == 0 then vim.cmd('qall!') else vim.cmd('cquit 1') end
