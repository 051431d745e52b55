/**
 * Zendesk's official ZAF SDK, loaded from Zendesk's own asset host as Zendesk's scaffolds do
 * (zendesk/app_scaffolds packages/basic/assets/iframe.html;
 * developer.zendesk.com/documentation/apps/app-developer-guide/using_sdk). `2.0` is the major
 * line Zendesk keeps current; the sidebar page's Content-Security-Policy allows this origin only.
 */
export const ZAF_SDK_URL = 'https://static.zdassets.com/zendesk_app_framework_sdk/2.0/zaf_sdk.min.js';
