/** Page object for the signed-in workspace's people list (the office comes from the signed-in staff member). */
import { expect, type Locator, type Page } from '@playwright/test';

export class PeoplePage {
  readonly page: Page;
  readonly search: Locator;
  readonly count: Locator;
  readonly rows: Locator;
  readonly connectivity: Locator;
  readonly lastFetched: Locator;
  readonly officeName: Locator;
  readonly refresh: Locator;
  readonly error: Locator;

  constructor(page: Page) {
    this.page = page;
    this.search = page.getByRole('searchbox');
    this.count = page.getByTestId('people-count');
    this.rows = page.getByTestId('person-row');
    this.connectivity = page.getByTestId('connectivity');
    this.lastFetched = page.getByTestId('sync-last');
    this.officeName = page.getByTestId('office-name');
    this.refresh = page.getByTestId('sync-now');
    this.error = page.getByTestId('data-error');
  }

  /** How many people the app holds for the office, and how many the search shows. */
  async counts(): Promise<{ total: number; shown: number }> {
    return {
      total: Number(await this.count.getAttribute('data-total')),
      shown: Number(await this.count.getAttribute('data-shown')),
    };
  }

  async searchFor(text: string): Promise<void> {
    await this.search.fill(text);
  }

  rowNamed(name: string): Locator {
    return this.rows.filter({ hasText: name });
  }

  async expectListLoaded(minimum: number): Promise<void> {
    await expect.poll(async () => (await this.counts()).total, { message: `at least ${minimum} people in the list` }).toBeGreaterThanOrEqual(minimum);
    await expect(this.rows.first()).toBeVisible();
  }
}
