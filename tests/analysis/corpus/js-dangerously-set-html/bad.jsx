// SPDX-License-Identifier: MIT
export function Comment({ body }) {
  return <div dangerouslySetInnerHTML={{ __html: body }} />; // expect: js-dangerously-set-html
}
