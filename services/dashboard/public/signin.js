// Sign-in: a development token (AUTH_MODE=dev) for a jurisdiction and role, or a pasted token.
import { devToken, session } from './api.js';
import { h, ROLES } from './format.js';

export function renderSignIn(root, done) {
  const code = h('input', {
    name: 'jurisdiction',
    'data-testid': 'signin-jurisdiction',
    placeholder: '如 620100（兰州市）',
    pattern: '\\d{6}|\\d{9}|\\d{12}',
    required: true,
  });
  const role = h(
    'select',
    { name: 'role', 'data-testid': 'signin-role' },
    Object.entries(ROLES)
      .filter(([v]) => v !== 'system')
      .map(([v, t]) => h('option', { value: v }, t)),
  );
  const pasted = h('textarea', {
    name: 'token',
    rows: 3,
    placeholder: 'Bearer 令牌（JWT）',
    'data-testid': 'signin-token',
  });
  const error = h('p', { class: 'error', 'data-testid': 'signin-error', role: 'alert' });
  const fail = (e) => (error.textContent = e.message);

  const dev = h(
    'form',
    {
      class: 'panel',
      onsubmit: async (e) => {
        e.preventDefault();
        try {
          session.set(await devToken(code.value.trim(), role.value));
          done();
        } catch (err) {
          fail(err);
        }
      },
    },
    h('h3', {}, '开发模式登录'),
    h('label', {}, '辖区代码 ', code),
    h('label', {}, '角色 ', role),
    h('button', { type: 'submit', 'data-testid': 'signin-submit' }, '获取令牌并进入'),
  );

  const paste = h(
    'form',
    {
      class: 'panel',
      onsubmit: (e) => {
        e.preventDefault();
        session.set(pasted.value.trim().replace(/^Bearer\s+/i, ''));
        if (!session.claims()) return (session.clear(), fail(new Error('令牌无法解析或已过期')));
        done();
      },
    },
    h('h3', {}, '使用令牌登录'),
    pasted,
    h('button', { type: 'submit' }, '进入'),
  );

  root.replaceChildren(
    h(
      'section',
      { class: 'signin' },
      h('p', {}, '请登录，看板显示您所辖范围内的测评数据。'),
      error,
      h('div', { class: 'panels' }, dev, paste),
    ),
  );
}
