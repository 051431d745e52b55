// DOM adapter: draws a PanelView. Every server string goes through textContent, never
// innerHTML, so ticket phrases cannot inject markup into the agent's browser.
import type { ActionId, DiagnosisView, MessageView, PanelView } from './view-model.js';

export interface PanelHandlers {
  onAction(id: ActionId): void;
  onInsert(view: NonNullable<DiagnosisView['insert']>): void;
  onRerun(): void;
  onFeedback(issue: string, comment: string): void;
  onToggleFeedback(): void;
}

export interface PanelUiState {
  feedbackOpen: boolean;
  busy: boolean;
}

type Child = Node | string | null | false;

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  children: Child[] = [],
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  for (const child of children) {
    if (child === null || child === false) continue;
    node.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return node;
}

function button(
  label: string,
  focusKey: string,
  onClick: () => void,
  variant: 'primary' | 'secondary' = 'secondary',
  disabled = false,
): HTMLButtonElement {
  const node = el('button', { type: 'button', class: `btn btn-${variant}`, 'data-focus-key': focusKey }, [label]);
  node.disabled = disabled;
  node.addEventListener('click', onClick);
  return node;
}

function section(heading: string, id: string, body: Child[]): HTMLElement {
  return el('section', { class: 'section', 'aria-labelledby': id }, [el('h3', { id, class: 'section-title' }, [heading]), ...body]);
}

function renderMessage(view: MessageView, handlers: PanelHandlers, ui: PanelUiState): HTMLElement {
  const action = view.action;
  return el('div', { class: `message message-${view.tone}`, role: view.tone === 'error' ? 'alert' : 'group' }, [
    el('h2', { class: 'message-title' }, [view.title]),
    el('p', {}, [view.body]),
    action && button(action.label, `action-${action.id}`, () => handlers.onAction(action.id), 'primary', ui.busy),
  ]);
}

function renderDiagnosis(view: DiagnosisView, handlers: PanelHandlers, ui: PanelUiState): HTMLElement {
  const bar = el('div', { class: `bar-fill bar-${view.confidence.band}` });
  bar.style.width = `${view.confidence.percent}%`;
  const meter = el(
    'div',
    {
      class: 'bar',
      role: 'meter',
      'aria-valuemin': '0',
      'aria-valuemax': '100',
      'aria-valuenow': String(view.confidence.percent),
      'aria-label': view.confidence.label,
    },
    [bar],
  );

  const header = el('header', { class: 'header' }, [
    el('h2', { class: 'issue-title', 'data-issue': view.issueId }, [view.title]),
    el('div', { class: 'confidence' }, [
      meter,
      el('span', { class: 'confidence-label' }, [`${view.confidence.bandLabel} · ${view.confidence.percent} %`]),
    ]),
    view.correctedNote && el('p', { class: 'note note-info' }, [view.correctedNote]),
    view.runnerUp && el('p', { class: 'note note-info runner-up' }, [view.runnerUp]),
    el('p', { class: 'summary' }, [view.summary]),
  ]);

  const low =
    view.lowConfidence &&
    el('div', { class: 'note note-warning', role: 'note' }, [
      el('strong', {}, [view.lowConfidence.title]),
      el('p', {}, [view.lowConfidence.body]),
      view.lowConfidence.candidates.length > 0 &&
        el('div', {}, [
          el('p', { class: 'subtle' }, [view.lowConfidence.candidatesHeading]),
          el(
            'ul',
            { class: 'candidates' },
            view.lowConfidence.candidates.map((line) => el('li', {}, [line])),
          ),
        ]),
    ]);

  const why = section(view.why.heading, 'why-heading', [
    view.why.lines.length === 0
      ? el('p', { class: 'subtle' }, [view.why.empty])
      : el(
          'ul',
          { class: 'evidence' },
          view.why.lines.map((line) =>
            el('li', { class: line.against ? 'against' : '' }, [
              el('q', {}, [line.text]),
              line.against && el('span', { class: 'tag tag-against' }, [view.why.againstLabel]),
            ]),
          ),
        ),
  ]);

  const steps = section(view.steps.heading, 'steps-heading', [
    el(
      'ol',
      { class: 'steps' },
      view.steps.items.map((step, index) => {
        const id = `step-${index}`;
        return el('li', {}, [el('input', { type: 'checkbox', id }), el('label', { for: id }, [step])]);
      }),
    ),
  ]);

  const checks =
    view.checks.items.length > 0 &&
    section(view.checks.heading, 'checks-heading', [
      el(
        'ul',
        { class: 'checks' },
        view.checks.items.map((item) => el('li', {}, [item])),
      ),
    ]);

  const insert = view.insert;
  const escalation = section(view.escalation.heading, 'escalation-heading', [
    el(
      'ul',
      { class: 'escalation' },
      view.escalation.lines.map((line) =>
        el('li', { class: line.present ? 'present' : 'missing', 'data-field': line.field }, [
          el('span', { class: `tag ${line.present ? 'tag-present' : 'tag-missing'}` }, [line.stateLabel]),
          el('span', { class: 'field-label' }, [line.label]),
          el('span', { class: 'subtle field-detail' }, [line.detail]),
        ]),
      ),
    ),
    view.escalation.allPresent && el('p', { class: 'subtle' }, [view.escalation.allPresent]),
    insert &&
      el('div', { class: 'insert' }, [
        button(insert.buttonLabel, 'insert', () => handlers.onInsert(insert), 'primary', ui.busy),
        el('p', { class: 'subtle' }, [insert.hint]),
        el('details', {}, [el('summary', {}, [insert.previewLabel]), el('pre', { class: 'preview' }, [insert.text])]),
      ]),
  ]);

  const actions = el('div', { class: 'actions' }, [
    button(view.rerunLabel, 'rerun', () => handlers.onRerun(), 'secondary', ui.busy),
    (() => {
      const toggle = button(view.feedback.toggleLabel, 'feedback-toggle', () => handlers.onToggleFeedback(), 'secondary', ui.busy);
      toggle.setAttribute('aria-expanded', String(ui.feedbackOpen));
      toggle.setAttribute('aria-controls', 'feedback-form');
      return toggle;
    })(),
  ]);

  const form = ui.feedbackOpen ? renderFeedbackForm(view, handlers, ui) : null;

  return el('div', { class: 'diagnosis' }, [
    header,
    low,
    why,
    steps,
    checks,
    escalation,
    actions,
    form,
    el('footer', { class: 'footer subtle' }, [view.footer]),
  ]);
}

function renderFeedbackForm(view: DiagnosisView, handlers: PanelHandlers, ui: PanelUiState): HTMLFormElement {
  const select = el('select', { id: 'feedback-issue', name: 'issue', required: '', 'data-focus-key': 'feedback-issue' });
  for (const option of view.feedback.options) select.append(el('option', { value: option.id }, [option.title]));
  const comment = el('textarea', {
    id: 'feedback-comment',
    name: 'comment',
    maxlength: '1000',
    rows: '3',
    'data-focus-key': 'feedback-comment',
  });
  const submit = el('button', { type: 'submit', class: 'btn btn-primary', 'data-focus-key': 'feedback-submit' }, [
    view.feedback.submitLabel,
  ]);
  submit.disabled = ui.busy;
  const form = el('form', { id: 'feedback-form', class: 'feedback' }, [
    el('fieldset', {}, [
      el('legend', {}, [view.feedback.legend]),
      el('label', { for: 'feedback-issue' }, [view.feedback.issueLabel]),
      select,
      el('label', { for: 'feedback-comment' }, [view.feedback.commentLabel]),
      comment,
      el('div', { class: 'actions' }, [
        submit,
        button(view.feedback.cancelLabel, 'feedback-cancel', () => handlers.onToggleFeedback(), 'secondary'),
      ]),
    ]),
  ]);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    handlers.onFeedback(select.value, comment.value);
  });
  return form;
}

/**
 * Replaces the panel's content and keeps keyboard focus on the "same" control (by
 * data-focus-key) so a re-render after a click does not throw the agent back to the top.
 */
export function renderPanel(root: HTMLElement, view: PanelView, handlers: PanelHandlers, ui: PanelUiState): void {
  const focusKey = (document.activeElement as HTMLElement | null)?.dataset?.focusKey;
  root.setAttribute('aria-busy', String(view.kind === 'loading' || ui.busy));
  const content =
    view.kind === 'loading'
      ? el('p', { class: 'loading' }, [el('span', { class: 'spinner', 'aria-hidden': 'true' }), view.message])
      : view.kind === 'message'
        ? renderMessage(view, handlers, ui)
        : renderDiagnosis(view, handlers, ui);
  root.replaceChildren(content);
  if (focusKey) root.querySelector<HTMLElement>(`[data-focus-key="${focusKey}"]`)?.focus();
}
