import { expect, test } from '@playwright/test';
import { admin, createAgent, daysAgo, login, seedHistory, unique, waitForHydration } from '../helpers';

test('a reviewer scores a conversation with a failed critical category, the agent disputes it in the workbench, the reviewer rejects it, and the agent work report shows the QA average', async ({ browser }) => {
  test.setTimeout(90_000);
  const s = unique('qa').replace(/[^a-z0-9]/g, '');
  const name = `Reviewed ${s}`;
  const password = `${s}-password`;
  const email = createAgent(name, 3, password);
  // Two days back: inside the last 7 days the pages open on.
  seedHistory(email, password, daysAgo(2), 1);
  const card = `Service card ${s}`;

  const reviewerCtx = await browser.newContext();
  const reviewer = await reviewerCtx.newPage();
  await login(reviewer, admin.email, admin.password, '/admin');
  await reviewer.getByRole('navigation').getByRole('link', { name: 'Quality' }).click();
  await expect(reviewer.getByRole('heading', { name: 'Quality', level: 1 })).toBeVisible();

  // A scorecard: a critical yes/no category and a weighted 1–5 one.
  const tabs = reviewer.getByRole('navigation', { name: 'Quality sections' });
  await tabs.getByRole('link', { name: 'Scorecards' }).click();
  await reviewer.getByLabel('Scorecard name').fill(card);
  await reviewer.getByLabel('Category name 1').fill('Greeting');
  await reviewer.getByLabel('Critical 1').check();
  await reviewer.getByRole('button', { name: 'Add category' }).click();
  await reviewer.getByLabel('Category name 2').fill('Solution');
  await reviewer.getByLabel('Scale 2').selectOption({ label: '1 to 5' });
  await reviewer.getByLabel('Weight 2').fill('3');
  await reviewer.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(reviewer.getByRole('status').getByText('Saved').last()).toBeVisible();
  await expect(reviewer.getByRole('list', { name: 'Scorecards' }).getByText(card)).toBeVisible();

  // The agent's ended conversations, one of which is scored.
  await tabs.getByRole('link', { name: 'Score conversations' }).click();
  await reviewer.getByLabel('Agent', { exact: true }).selectOption({ label: name });
  const candidates = reviewer.getByRole('table', { name: 'Conversations to score' });
  await expect(candidates.locator('tbody tr').first()).toBeVisible();
  await candidates.getByRole('link', { name: /^Score #/ }).first().click();
  await expect(reviewer.getByRole('heading', { name: 'Score the conversation' })).toBeVisible();
  await expect(reviewer.getByRole('region', { name: 'Conversation' }).getByRole('list', { name: 'Messages' })).toBeVisible();
  await reviewer.getByLabel('Scorecard', { exact: true }).selectOption({ label: card });
  // Submitting with nothing chosen names each category's error.
  await reviewer.getByRole('button', { name: 'Submit review' }).click();
  const greeting = reviewer.getByRole('group', { name: /^Greeting/ });
  await expect(greeting.getByRole('alert')).not.toBeEmpty();
  await greeting.getByLabel('No', { exact: true }).check();
  const solution = reviewer.getByRole('group', { name: /^Solution/ });
  await solution.getByLabel('5', { exact: true }).check();
  await solution.getByRole('textbox').fill('Solved at once');
  await reviewer.getByLabel('Overall comment').fill('Good fix, but no greeting');
  await reviewer.getByRole('button', { name: 'Submit review' }).click();
  // (0 × 1 + 100 × 3) / 4 = 75, failed by the critical category: 0.
  const review = reviewer.getByRole('article', { name: 'Review' });
  await expect(review.getByText('0 (failed: 75.0)')).toBeVisible();
  await expect(review.getByText('Submitted', { exact: true })).toBeVisible();
  const reviewUrl = reviewer.url();
  expect(reviewUrl).toMatch(/\/admin\/qa\/reviews\/\d+$/);

  // The agent finds it under My reviews and disputes it.
  const agentCtx = await browser.newContext();
  const agent = await agentCtx.newPage();
  await login(agent, email, password, '/workbench');
  await agent.getByRole('button', { name: 'My reviews' }).click();
  const mine = agent.getByRole('listbox', { name: 'My reviews' });
  await expect(mine.getByRole('option')).toHaveCount(1);
  await mine.getByRole('option').first().click();
  const shown = agent.getByRole('article', { name: 'Review' });
  await expect(shown.getByText('0 (failed: 75.0)')).toBeVisible();
  await expect(shown.getByRole('table', { name: 'Scores by category' }).getByText('Solved at once')).toBeVisible();
  await agent.getByLabel('Why is this review unfair?').fill('I greeted in the first message');
  await agent.getByRole('button', { name: 'Dispute review' }).click();
  await expect(agent.getByRole('status').getByText('Dispute sent').last()).toBeVisible();
  await expect(shown.getByText('Disputed', { exact: true })).toBeVisible();
  await expect(agent.getByRole('button', { name: 'Dispute review' })).toHaveCount(0);

  // The reviewer reads the dispute and rejects it with an answer.
  await reviewer.goto(reviewUrl);
  await waitForHydration(reviewer);
  await expect(review.getByText('I greeted in the first message')).toBeVisible();
  await reviewer.getByLabel('Reject the dispute').check();
  await reviewer.getByRole('textbox', { name: 'Answer', exact: true }).fill('The greeting came after the question');
  await reviewer.getByRole('button', { name: 'Send answer' }).click();
  await expect(reviewer.getByRole('status').getByText('Answer sent').last()).toBeVisible();
  await expect(review.getByText('Dispute rejected', { exact: true })).toBeVisible();
  await expect(review.getByText('The greeting came after the question')).toBeVisible();

  // The reviews list has the agent's average; the agent work report too.
  await tabs.getByRole('link', { name: 'Reviews' }).click();
  const averages = reviewer.getByRole('table', { name: 'Average score by agent' });
  const avgRow = averages.getByRole('row').filter({ has: reviewer.getByRole('rowheader', { name }) });
  await expect(avgRow.getByRole('cell')).toHaveText(['1', '0.0', '1']);
  await reviewer.goto('/admin/reports/agents');
  const work = reviewer.getByRole('table', { name: 'Agent work by agent' });
  const row = work.getByRole('row').filter({ has: reviewer.getByRole('rowheader', { name, exact: true }) });
  const headers = await work.locator('thead th').allTextContents();
  const cells = row.getByRole('cell');
  // Cells follow the agent's name, so header i + 1 is cell i.
  await expect(cells.nth(headers.indexOf('QA average') - 1)).toHaveText('0.0');
  await expect(cells.nth(headers.indexOf('QA reviews') - 1)).toHaveText('1');
  await agentCtx.close();
  await reviewerCtx.close();
});
