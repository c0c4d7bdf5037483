const { chromium } = require('@playwright/test');
(async () => {
  const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox','--disable-gpu'] });
  const p = await b.newPage();
  await p.goto('http://127.0.0.1:3999/login');
  await p.waitForSelector('html[data-hydrated="true"]');
  await p.getByLabel('Email').fill('a@b.test');
  await p.getByLabel('Password').fill('password123');
  await p.getByRole('button', { name: 'Sign in' }).click();
  await p.waitForURL(/admin|workbench/);
  for (const u of process.argv.slice(2)) {
    const html = await (await p.request.get('http://127.0.0.1:3999' + u)).text();
    const m = html.match(/__RESOLVED_RESOURCES\[\d+\] = "[^;]{0,80}/g);
    console.log(u, m);
  }
  await b.close();
})();
