import type { QualityReport } from './compute-quality-report.js';

export interface RenderOptions {
  /** Chart.js's UMD build, inlined so the page works offline (see `loadChartLibrary`). */
  chartLibrary: string;
  /** CSP nonce for the inline script and style (the live page); none for a mailed file. */
  nonce?: string;
  /** Account origin for ticket links (`<base>/agent/tickets/<id>`); null: ids without links. */
  zendeskBaseUrl: string | null;
  /** How an admin adopts proposed thresholds, one sentence (shown under the proposals). */
  adoptionHint?: string;
}

/** `0.9734` → `97.3%`: the one format the page and the tests share. */
export function percent(value: number): string {
  return `${(value * 100).toFixed(1)}%`;
}

/**
 * The quality report as one self-contained HTML page: styles, data, Chart.js and the code that
 * draws the charts are inline, so the file opens offline (mailed around) and the live page needs
 * no asset route. Pure: data in, string out. Every value from the report is escaped; the data
 * island escapes `<` so no value can close its script element.
 */
export function renderQualityHtml(report: QualityReport, options: RenderOptions): string {
  const nonce = options.nonce ? ` nonce="${escapeHtml(options.nonce)}"` : '';
  const data = JSON.stringify(report)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
  const library = options.chartLibrary.replace(/<\/script/gi, '<\\/script');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(report.title)}</title>
<style${nonce}>${STYLE}</style>
</head>
<body>
<header>
  <h1>${escapeHtml(report.title)}</h1>
  <p class="sub">${escapeHtml(report.subtitle)} · generated ${escapeHtml(report.generatedAt.slice(0, 16).replace('T', ' '))} UTC</p>
</header>
<main>
${renderHeadline(report)}
<section class="grid">
  ${chartCard('volume', 'Volume per issue per day', 'wide')}
  ${report.labelled ? chartCard('coverage', 'Precision at coverage (labelled tickets)') : emptyCard('Precision at coverage', 'No ticket with a known truth.')}
  ${report.labelled ? chartCard('agreement', 'Agreement over time') : emptyCard('Agreement over time', 'No ticket with a known truth.')}
  ${report.labelled ? chartCard('per-issue', 'Precision and recall per issue') : emptyCard('Precision and recall per issue', 'No ticket with a known truth.')}
  ${chartCard('missing', 'Escalation data missing, per field')}
  ${chartCard('languages', 'Language mix')}
  ${chartCard('corrections', 'Agents’ corrections per issue the model said')}
</section>
${renderThresholds(report, options.adoptionHint)}
${renderPerIssueTable(report)}
${renderCorrections(report)}
${renderLowConfidence(report, options.zendeskBaseUrl)}
</main>
<script type="application/json" id="report-data">${data}</script>
<script${nonce}>${library}</script>
<script${nonce}>${DRAW_SCRIPT}</script>
</body>
</html>
`;
}

function renderHeadline(report: QualityReport): string {
  const labelled = report.labelled;
  const tiles: Array<[string, string, string, string]> = [
    ['count', 'tickets', String(report.count), ''],
    ['high-share', 'answered with high confidence', percent(report.highShare), ''],
    ['abstain-rate', 'abstained (not sure → other)', percent(report.abstainRate), ''],
    [
      'agreement',
      'agreement with the truth',
      labelled ? percent(labelled.agreement) : '–',
      labelled
        ? `on ${labelled.count} labelled ticket${labelled.count === 1 ? '' : 's'} (${sourceList(labelled.sources)})`
        : 'no labelled ticket',
    ],
    [
      'right-issue-named',
      'right issue named in the note',
      labelled ? percent(labelled.rightIssueNamed) : '–',
      labelled ? 'the diagnosis, or the runner-up the note also names when confidence is not high' : 'no labelled ticket',
    ],
    ['corrections', 'agents’ corrections recorded', String(report.corrections.count), ''],
  ];
  return `<section class="tiles">${tiles
    .map(
      ([key, label, value, note]) =>
        `<div class="tile"><div class="value" data-metric="${key}">${escapeHtml(value)}</div><div class="label">${escapeHtml(label)}</div>${
          note ? `<div class="note">${escapeHtml(note)}</div>` : ''
        }</div>`,
    )
    .join('')}</section>`;
}

function sourceList(sources: Record<string, number>): string {
  const names: Record<string, string> = {
    correction: 'agent corrections',
    'team-tag': 'team tags',
    'own-tag': 'signin_issue_* tags',
    uncorrected: 'uncorrected, taken as agreed',
  };
  return Object.entries(sources)
    .map(([source, count]) => `${count} ${names[source] ?? source}`)
    .join(', ');
}

function chartCard(id: string, title: string, size = ''): string {
  return `<div class="card ${size}"><h2>${escapeHtml(title)}</h2><div class="chart"><canvas id="chart-${id}" role="img" aria-label="${escapeHtml(title)}"></canvas></div></div>`;
}

function emptyCard(title: string, text: string): string {
  return `<div class="card"><h2>${escapeHtml(title)}</h2><p class="empty">${escapeHtml(text)}</p></div>`;
}

function renderThresholds(report: QualityReport, adoptionHint: string | undefined): string {
  const { thresholds } = report;
  const row = (key: string, name: string, current: number | undefined, proposal: QualityReport['thresholds']['high']) =>
    `<tr><td>${escapeHtml(name)}</td><td>${current === undefined ? '–' : current.toFixed(3)}</td><td data-metric="proposed-${key}">${
      proposal ? proposal.threshold.toFixed(3) : '–'
    }</td><td>${
      proposal
        ? escapeHtml(`${percent(proposal.precision)} on ${proposal.support} labelled answers (${percent(proposal.coverage)} of them)`)
        : escapeHtml('no threshold reaches the target on enough labelled answers')
    }</td></tr>`;
  return `<section class="card wide"><h2>Proposed thresholds (target precision ${percent(thresholds.target)})</h2>
<table><thead><tr><th>threshold</th><th>current</th><th>proposed</th><th>precision at or above it</th></tr></thead><tbody>
${row('high', 'high confidence', thresholds.current?.high, thresholds.high)}
${row('abstain', 'abstain (named issues only; below it: other)', thresholds.current?.abstain, thresholds.abstain)}
</tbody></table>${adoptionHint ? `<p class="note">${escapeHtml(adoptionHint)}</p>` : ''}</section>`;
}

function renderPerIssueTable(report: QualityReport): string {
  const rows = Object.entries(report.issueCounts).map(([issue, count]) => {
    const quality = report.labelled?.perIssue.find((row) => row.issue === issue);
    // Precision needs answers of this issue and recall needs tickets of it: with none, there is nothing to measure.
    const cells = quality
      ? [
          quality.predicted > 0 ? percent(quality.precision) : '–',
          quality.support > 0 ? percent(quality.recall) : '–',
          String(quality.support),
        ]
      : ['–', '–', '0'];
    return `<tr data-issue="${escapeHtml(issue)}"><td>${escapeHtml(issue)}</td><td>${count}</td>${cells
      .map((cell, index) => `<td data-col="${['precision', 'recall', 'support'][index]}">${escapeHtml(cell)}</td>`)
      .join('')}<td>${report.corrections.perIssue[issue] ?? 0}</td></tr>`;
  });
  return `<section class="card wide"><h2>Per issue</h2>
<table id="per-issue"><thead><tr><th>issue</th><th>tickets</th><th>precision</th><th>recall</th><th>labelled (truth)</th><th>corrected</th></tr></thead>
<tbody>${rows.join('\n')}</tbody></table></section>`;
}

function renderCorrections(report: QualityReport): string {
  const { pairs } = report.corrections;
  const body =
    pairs.length === 0
      ? '<p class="empty">No correction yet.</p>'
      : `<table id="corrections"><thead><tr><th>model said</th><th>agent set</th><th>times</th></tr></thead><tbody>${pairs
          .map((pair) => `<tr><td>${escapeHtml(pair.from)}</td><td>${escapeHtml(pair.to)}</td><td>${pair.count}</td></tr>`)
          .join('')}</tbody></table>`;
  return `<section class="card wide"><h2>Confusion shown by agents’ corrections</h2>${body}</section>`;
}

function renderLowConfidence(report: QualityReport, base: string | null): string {
  const items = report.recentLowConfidence;
  const body =
    items.length === 0
      ? '<p class="empty">No low-confidence ticket.</p>'
      : `<table id="low-confidence"><thead><tr><th>ticket</th><th>answer</th><th>confidence</th><th>when (UTC)</th></tr></thead><tbody>${items
          .map((item) => {
            const id = escapeHtml(item.id);
            const link = base
              ? `<a href="${escapeHtml(`${base}/agent/tickets/${item.id}`)}" target="_blank" rel="noopener">#${id}</a>`
              : `#${id}`;
            return `<tr><td>${link}</td><td>${escapeHtml(item.issue)}</td><td>${item.confidence.toFixed(2)}</td><td>${escapeHtml(
              item.at.slice(0, 16).replace('T', ' '),
            )}</td></tr>`;
          })
          .join('')}</tbody></table>`;
  return `<section class="card wide"><h2>Ten most recent low-confidence tickets</h2>${body}</section>`;
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

const STYLE = `
:root { color-scheme: light; --ink: #1f2933; --muted: #52606d; --line: #d9e2ec; --bg: #f5f7fa; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: var(--bg); }
header { padding: 16px 24px 4px; }
h1 { font-size: 20px; margin: 0; }
h2 { font-size: 14px; margin: 0 0 8px; }
.sub, .note, .label { color: var(--muted); }
main { padding: 8px 24px 24px; max-width: 1400px; }
.tiles { display: grid; grid-template-columns: repeat(auto-fit, minmax(170px, 1fr)); gap: 12px; margin-bottom: 12px; }
.tile, .card { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 12px 14px; }
.tile .value { font-size: 24px; font-weight: 600; }
.tile .note { font-size: 12px; }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(380px, 1fr)); gap: 12px; margin-bottom: 12px; }
.card.wide { grid-column: 1 / -1; margin-bottom: 12px; }
.grid .card.wide { margin-bottom: 0; }
.chart { position: relative; height: 240px; }
.empty { color: var(--muted); font-style: italic; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--line); }
td:not(:first-child), th:not(:first-child) { font-variant-numeric: tabular-nums; }
a { color: #1f5fbf; }
`;

// Runs in the browser: reads the data island and draws with Chart.js. Animations are off so a
// printed or screenshotted page shows the final charts.
const DRAW_SCRIPT = `
(function () {
  var report = JSON.parse(document.getElementById('report-data').textContent);
  var palette = ['#3b6fd4', '#e8833a', '#3fa66b', '#c9473c', '#8a63c9', '#8c6d5a', '#d36fb1', '#7f8c8d', '#b5a331', '#2bb3c0'];
  Chart.defaults.animation = false;
  Chart.defaults.maintainAspectRatio = false;
  Chart.defaults.font.size = 11;
  function draw(id, config) {
    var canvas = document.getElementById('chart-' + id);
    if (canvas) new Chart(canvas, config);
  }
  function pct(v) { return Math.round(v * 1000) / 10; }
  var v = report.volumeByDay;
  draw('volume', { type: 'bar', data: { labels: v.days, datasets: v.issues.map(function (issue, i) {
    return { label: issue, data: v.counts[i], backgroundColor: palette[i % palette.length] };
  }) }, options: { scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, title: { display: true, text: 'tickets' } } },
    plugins: { legend: { position: 'right' } } } });
  if (report.labelled) {
    draw('coverage', { type: 'line', data: { labels: report.labelled.coverage.map(function (p) { return pct(p.coverage) + '%'; }),
      datasets: [
        { label: 'precision %', data: report.labelled.coverage.map(function (p) { return pct(p.precision); }), borderColor: palette[0], backgroundColor: palette[0] },
        { label: 'target ' + pct(report.thresholds.target) + '%', data: report.labelled.coverage.map(function () { return pct(report.thresholds.target); }), borderColor: '#c9473c', borderDash: [6, 4], pointRadius: 0 }
      ] }, options: { scales: { x: { title: { display: true, text: 'coverage (most confident first)' } }, y: { suggestedMin: 80, max: 100 } } } });
    draw('agreement', { type: 'line', data: { labels: report.agreementByDay.map(function (d) { return d.day; }),
      datasets: [{ label: 'agreement %', data: report.agreementByDay.map(function (d) { return d.labelled ? pct(d.rate) : null; }),
        borderColor: palette[2], backgroundColor: palette[2], spanGaps: true }] },
      options: { scales: { y: { min: 0, max: 100 } } } });
    var rows = report.labelled.perIssue.filter(function (r) { return r.support > 0 || r.predicted > 0; });
    draw('per-issue', { type: 'bar', data: { labels: rows.map(function (r) { return r.issue; }), datasets: [
      { label: 'precision %', data: rows.map(function (r) { return r.predicted > 0 ? pct(r.precision) : null; }), backgroundColor: palette[0] },
      { label: 'recall %', data: rows.map(function (r) { return r.support > 0 ? pct(r.recall) : null; }), backgroundColor: palette[1] }
    ] }, options: { scales: { y: { min: 0, max: 100 } } } });
  }
  var fields = Object.keys(report.missingRates);
  draw('missing', { type: 'bar', data: { labels: fields, datasets: [{ label: '% of tickets missing it',
    data: fields.map(function (f) { return pct(report.missingRates[f]); }), backgroundColor: palette[4] }] },
    options: { indexAxis: 'y', scales: { x: { min: 0, max: 100 } } } });
  var langs = Object.keys(report.languageMix);
  draw('languages', { type: 'doughnut', data: { labels: langs, datasets: [{ data: langs.map(function (l) { return report.languageMix[l]; }),
    backgroundColor: langs.map(function (_, i) { return palette[i % palette.length]; }) }] }, options: { plugins: { legend: { position: 'right' } } } });
  var said = Object.keys(report.corrections.perIssue);
  draw('corrections', { type: 'bar', data: { labels: said, datasets: [{ label: 'corrections',
    data: said.map(function (i) { return report.corrections.perIssue[i]; }), backgroundColor: palette[3] }] },
    options: { scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } } });
  document.body.setAttribute('data-charts', 'ready');
})();
`;
