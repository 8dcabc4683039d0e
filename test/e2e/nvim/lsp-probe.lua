-- Drives kubeready's language server from headless Neovim (0.7+), through Neovim's own LSP client, the way a
-- user's config does: vim.lsp.start_client, buf_attach_client, vim.diagnostic, and the same request and
-- apply path as vim.lsp.buf.code_action(). Writes one JSON object for test/e2e/run.mjs to assert on.
--
-- Run: nvim --headless --clean -c 'luafile lsp-probe.lua', with the environment:
--   PROBE_CMD       the server command, a JSON array (e.g. ["node", "dist/server.js", "--stdio"])
--   PROBE_ROOT      the workspace folder
--   PROBE_FILE      the manifest to open
--   PROBE_SETTINGS  the `kubeready` settings, a JSON object (answers workspace/configuration)
--   PROBE_APPLY     optional JSON: { "title": "<code action title>" } applies that action of the finding it
--                   belongs to; { "kind": "source.fixAll.kubeready" } requests and applies the fix-all action
--   PROBE_COMMANDS  optional JSON array of { "command": ..., "arguments": [...] } run with workspace/executeCommand
--   PROBE_OUT       where to write the JSON result
--   PROBE_WAIT_MS   how long to wait for each step (default 15000)
local json_encode = vim.json and vim.json.encode or vim.fn.json_encode
local json_decode = vim.json and vim.json.decode or vim.fn.json_decode
local function env_json(name, default)
  local value = os.getenv(name)
  if value == nil or value == '' then return default end
  return json_decode(value)
end

local cmd = env_json('PROBE_CMD')
local root = vim.fn.fnamemodify(os.getenv('PROBE_ROOT'), ':p'):gsub('/$', '')
local file = vim.fn.fnamemodify(os.getenv('PROBE_FILE'), ':p')
local settings = env_json('PROBE_SETTINGS', {})
local apply = env_json('PROBE_APPLY')
local commands = env_json('PROBE_COMMANDS', {})
local wait_ms = tonumber(os.getenv('PROBE_WAIT_MS') or '15000')

local v = vim.version()
local result = { nvim = v.major .. '.' .. v.minor .. '.' .. v.patch, steps = {}, statuses = {}, messages = {}, logs = {} }
local started = vim.loop.hrtime()
local function step(name)
  table.insert(result.steps, { name = name, ms = math.floor((vim.loop.hrtime() - started) / 1e6) })
end

local function finish(ok, err)
  result.ok = ok
  result.error = err
  local encoded = json_encode(result)
  local out = os.getenv('PROBE_OUT')
  if out then
    local f = assert(io.open(out, 'w'))
    f:write(encoded)
    f:close()
  else
    io.stdout:write(encoded .. '\n')
  end
  for _, client in pairs(vim.lsp.get_active_clients()) do client.stop(true) end
  vim.cmd(ok and 'qall!' or 'cquit!')
end

-- Any Lua error ends the probe with a result instead of leaving Neovim waiting for input.
local function guarded(fn)
  local ok, err = xpcall(fn, debug.traceback)
  if not ok then finish(false, tostring(err)) end
end

guarded(function()
  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  local bufnr = vim.api.nvim_get_current_buf()
  vim.bo[bufnr].filetype = 'yaml'
  local uri = vim.uri_from_bufnr(bufnr)

  -- The latest publishDiagnostics per URI, as the server sent it, next to what Neovim shows.
  local published = {}
  local default_publish = vim.lsp.handlers['textDocument/publishDiagnostics']
  local handlers = {
    ['textDocument/publishDiagnostics'] = function(err, params, ctx, config)
      local previous = published[params.uri]
      published[params.uri] = { count = (previous and previous.count or 0) + 1, version = params.version, diagnostics = params.diagnostics }
      return default_publish(err, params, ctx, config)
    end,
    ['kubeready/status'] = function(_, params)
      table.insert(result.statuses, params)
      step('status ' .. params.state)
    end,
    ['window/showMessage'] = function(_, params)
      table.insert(result.messages, params)
    end,
    -- vscode-languageserver's show*Message are requests; Neovim's default handler would prompt for input.
    ['window/showMessageRequest'] = function(_, params)
      table.insert(result.messages, params)
      return vim.NIL
    end,
    ['window/logMessage'] = function(_, params)
      table.insert(result.logs, params)
    end,
  }

  local client_id = vim.lsp.start_client({
    name = 'kubeready',
    cmd = cmd,
    root_dir = root,
    workspace_folders = { { uri = vim.uri_from_fname(root), name = vim.fn.fnamemodify(root, ':t') } },
    settings = { kubeready = settings },
    handlers = handlers,
    on_init = function(client)
      result.server = client.server_capabilities.serverInfo or (client.server_info and client.server_info.name)
      result.capabilities = {
        codeActionKinds = client.server_capabilities.codeActionProvider and client.server_capabilities.codeActionProvider.codeActionKinds,
        commands = client.server_capabilities.executeCommandProvider and client.server_capabilities.executeCommandProvider.commands,
        pullDiagnostics = client.server_capabilities.diagnosticProvider ~= nil,
      }
    end,
  })
  if not client_id then return finish(false, 'vim.lsp.start_client failed') end
  vim.lsp.buf_attach_client(bufnr, client_id)
  local client = vim.lsp.get_client_by_id(client_id)

  local function idle()
    local last = result.statuses[#result.statuses]
    return last ~= nil and last.state == 'idle'
  end
  if not vim.wait(wait_ms, function() return idle() and published[uri] ~= nil end, 20) then
    return finish(false, 'no kubeready/status idle and publishDiagnostics for ' .. uri .. ' within ' .. wait_ms .. ' ms')
  end
  step('diagnostics')

  local function shown()
    local list = {}
    for _, d in ipairs(vim.diagnostic.get(bufnr)) do
      local lsp = d.user_data and d.user_data.lsp or {}
      table.insert(list, { lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col, severity = d.severity,
        source = d.source, code = d.code or lsp.code, message = d.message })
    end
    table.sort(list, function(a, b) return a.lnum < b.lnum or (a.lnum == b.lnum and a.col < b.col) end)
    return list
  end
  result.published = published[uri].diagnostics
  result.diagnostics = shown()

  -- A buffer's text as :write would save it.
  local function text_of(b)
    local text = table.concat(vim.api.nvim_buf_get_lines(b, 0, -1, false), '\n')
    if vim.bo[b].eol or vim.bo[b].fixeol then text = text .. '\n' end
    return text
  end

  local function action_summary(a)
    local command = type(a.command) == 'table' and a.command or nil
    local own = a.diagnostics and a.diagnostics[1]
    return { title = a.title, kind = a.kind, isPreferred = a.isPreferred == true, has_edit = a.edit ~= nil,
      command = command and command.command, arguments = command and command.arguments,
      diagnostic = own and own.code }
  end

  -- For each finding, exactly what vim.lsp.buf.code_action() asks: the cursor on the finding, the range at the
  -- cursor, and the line's diagnostics in the context.
  result.code_actions = {}
  local candidates = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    vim.api.nvim_win_set_cursor(0, { d.lnum + 1, d.col })
    local params = vim.lsp.util.make_range_params()
    params.context = { diagnostics = vim.lsp.diagnostic.get_line_diagnostics(bufnr) }
    local responses, err = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', params, wait_ms)
    if not responses then return finish(false, 'textDocument/codeAction: ' .. tostring(err)) end
    local titles = {}
    for _, response in pairs(responses) do
      for _, a in ipairs(response.result or {}) do
        table.insert(titles, action_summary(a))
        table.insert(candidates, a)
      end
    end
    table.insert(result.code_actions, { lnum = d.lnum, col = d.col, code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code), actions = titles })
  end
  step('code actions')

  if apply then
    local chosen
    if apply.kind then
      local last = vim.api.nvim_buf_line_count(bufnr)
      local params = {
        textDocument = vim.lsp.util.make_text_document_params(bufnr),
        range = { start = { line = 0, character = 0 }, ['end'] = { line = last, character = 0 } },
        context = { diagnostics = {}, only = { apply.kind } },
      }
      local responses = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', params, wait_ms) or {}
      for _, response in pairs(responses) do
        for _, a in ipairs(response.result or {}) do
          if a.kind == apply.kind and not chosen then chosen = a end
        end
      end
    else
      for _, a in ipairs(candidates) do
        if a.title == apply.title and not chosen then chosen = a end
      end
    end
    if not chosen then return finish(false, 'no code action to apply: ' .. json_encode(apply)) end
    result.applied = action_summary(chosen)

    local before = published[uri].count
    -- The same steps as vim.lsp.buf.code_action()'s apply_action in Neovim 0.7.
    if chosen.edit then vim.lsp.util.apply_workspace_edit(chosen.edit, client.offset_encoding) end
    if type(chosen.command) == 'table' then
      local response = client.request_sync('workspace/executeCommand', chosen.command, wait_ms, bufnr)
      result.applied.command_result = response and response.result
    end
    step('applied')

    -- Every buffer the edit touched (the manifest, a created .kubeready.yaml), as text.
    result.buffers = {}
    for _, b in ipairs(vim.api.nvim_list_bufs()) do
      if vim.api.nvim_buf_is_loaded(b) and vim.bo[b].modified then
        result.buffers[vim.api.nvim_buf_get_name(b)] = text_of(b)
      end
    end
    result.text = text_of(bufnr)

    -- The edit went to the server as didChange; wait for the diagnostics of the new version.
    local version = vim.lsp.util.buf_versions[bufnr]
    if chosen.edit and vim.bo[bufnr].modified then
      if not vim.wait(wait_ms, function()
        local p = published[uri]
        return p.count > before and (p.version == nil or p.version >= version)
      end, 20) then
        return finish(false, 'no diagnostics for version ' .. tostring(version) .. ' after applying the action')
      end
    end
    result.after = shown()
    step('re-linted')
  end

  result.commands = {}
  for _, command in ipairs(commands) do
    local response, err = client.request_sync('workspace/executeCommand', command, wait_ms, bufnr)
    table.insert(result.commands, { command = command.command, result = response and response.result,
      error = err or (response and response.err and response.err.message) })
  end
  if #commands > 0 then step('commands') end

  finish(true)
end)
