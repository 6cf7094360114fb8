<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>QObject</name>
    <message>
        <source>Drag to a step that depends on this one</source>
        <translation>Drag to a step that depends on this one</translation>
    </message>
    <message>
        <source>%1 uses the output of %2 (implied)</source>
        <translation>%1 uses the output of %2 (implied)</translation>
    </message>
    <message>
        <source>%1 depends on %2</source>
        <translation>%1 depends on %2</translation>
    </message>
    <message>
        <source>%1 depends on %2 (click it and press Delete to remove it)</source>
        <translation>%1 depends on %2 (click it and press Delete to remove it)</translation>
    </message>
</context>
<context>
    <name>dc::ui::AdminPage</name>
    <message>
        <source>Please confirm</source>
        <translation>Please confirm</translation>
    </message>
    <message>
        <source>Type %1 to confirm:</source>
        <translation>Type %1 to confirm:</translation>
    </message>
    <message>
        <source>Save the customer&apos;s data</source>
        <translation>Save the customer&apos;s data</translation>
    </message>
    <message>
        <source>JSON files (*.json)</source>
        <translation>JSON files (*.json)</translation>
    </message>
    <message>
        <source>API keys</source>
        <translation>API keys</translation>
    </message>
    <message>
        <source>Subscriptions</source>
        <translation>Subscriptions</translation>
    </message>
    <message>
        <source>Remote agents</source>
        <translation>Remote agents</translation>
    </message>
    <message>
        <source>Alert rules</source>
        <translation>Alert rules</translation>
    </message>
    <message>
        <source>Audit log</source>
        <translation>Audit log</translation>
    </message>
    <message>
        <source>Customers (GDPR)</source>
        <translation>Customers (GDPR)</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>Created by</source>
        <translation>Created by</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Created</translation>
    </message>
    <message>
        <source>Last used</source>
        <translation>Last used</translation>
    </message>
    <message>
        <source>never</source>
        <translation>never</translation>
    </message>
    <message>
        <source>State</source>
        <translation>State</translation>
    </message>
    <message>
        <source>Revoked %1</source>
        <translation>Revoked %1</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Active</translation>
    </message>
    <message>
        <source>what uses it, e.g. ci-deploy</source>
        <translation>what uses it, e.g. ci-deploy</translation>
    </message>
    <message>
        <source>Viewer (read only)</source>
        <translation>Viewer (read only)</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>Operator</translation>
    </message>
    <message>
        <source>Agent (remote agents)</source>
        <translation>Agent (remote agents)</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>Administrator</translation>
    </message>
    <message>
        <source>New key…</source>
        <translation>New key…</translation>
    </message>
    <message>
        <source>Revoke…</source>
        <translation>Revoke…</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Name:</translation>
    </message>
    <message>
        <source>Role:</source>
        <translation>Role:</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>Webhook</source>
        <translation>Webhook</translation>
    </message>
    <message>
        <source>In-process</source>
        <translation>In-process</translation>
    </message>
    <message>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <source>Topics</source>
        <translation>Topics</translation>
    </message>
    <message>
        <source>Filter</source>
        <translation>Filter</translation>
    </message>
    <message>
        <source>Dead letters waiting</source>
        <translation>Dead letters waiting</translation>
    </message>
    <message>
        <source>Retrying</source>
        <translation>Retrying</translation>
    </message>
    <message>
        <source>Catching up</source>
        <translation>Catching up</translation>
    </message>
    <message>
        <source>Up to date</source>
        <translation>Up to date</translation>
    </message>
    <message>
        <source>Behind (events)</source>
        <translation>Behind (events)</translation>
    </message>
    <message>
        <source>Dead letters</source>
        <translation>Dead letters</translation>
    </message>
    <message>
        <source>a-z, 0-9, _ . -</source>
        <translation>a-z, 0-9, _ . -</translation>
    </message>
    <message>
        <source>topic patterns, e.g. order.*, alert.raised</source>
        <translation>topic patterns, e.g. order.*, alert.raised</translation>
    </message>
    <message>
        <source>16 characters or more; the receiver checks signatures with it</source>
        <translation>16 characters or more; the receiver checks signatures with it</translation>
    </message>
    <message>
        <source>optional expression</source>
        <translation>optional expression</translation>
    </message>
    <message>
        <source>Add subscription</source>
        <translation>Add subscription</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>Delete…</translation>
    </message>
    <message>
        <source>Send to URL:</source>
        <translation>Send to URL:</translation>
    </message>
    <message>
        <source>Topics:</source>
        <translation>Topics:</translation>
    </message>
    <message>
        <source>Signing secret:</source>
        <translation>Signing secret:</translation>
    </message>
    <message>
        <source>Filter:</source>
        <translation>Filter:</translation>
    </message>
    <message>
        <source>Actions</source>
        <translation>Actions</translation>
    </message>
    <message>
        <source>Timeout (ms)</source>
        <translation>Timeout (ms)</translation>
    </message>
    <message>
        <source>Changed</source>
        <translation>Changed</translation>
    </message>
    <message>
        <source>lower_snake_case</source>
        <translation>lower_snake_case</translation>
    </message>
    <message>
        <source>unchanged when empty; needed for a new agent or a new host</source>
        <translation>unchanged when empty; needed for a new agent or a new host</translation>
    </message>
    <message>
        <source>Register or update</source>
        <translation>Register or update</translation>
    </message>
    <message>
        <source>Remove…</source>
        <translation>Remove…</translation>
    </message>
    <message>
        <source>URL:</source>
        <translation>URL:</translation>
    </message>
    <message>
        <source>Timeout:</source>
        <translation>Timeout:</translation>
    </message>
    <message>
        <source>Actions (JSON):</source>
        <translation>Actions (JSON):</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>Rule</translation>
    </message>
    <message>
        <source>Enabled</source>
        <translation>Enabled</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source>No</source>
        <translation>No</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>Severity</translation>
    </message>
    <message>
        <source>Critical</source>
        <translation>Critical</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>Warning</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>Channels</source>
        <translation>Channels</translation>
    </message>
    <message>
        <source>%1 by %2</source>
        <translation>%1 by %2</translation>
    </message>
    <message>
        <source>as shipped</source>
        <translation>as shipped</translation>
    </message>
    <message>
        <source>Raised when</source>
        <translation>Raised when</translation>
    </message>
    <message>
        <source>The rule&apos;s settings as JSON, e.g. {&quot;minutes&quot;: 60}; a setting left out takes its shipped value</source>
        <translation>The rule&apos;s settings as JSON, e.g. {&quot;minutes&quot;: 60}; a setting left out takes its shipped value</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <source>Save the rule</source>
        <translation>Save the rule</translation>
    </message>
    <message>
        <source>Settings:</source>
        <translation>Settings:</translation>
    </message>
    <message>
        <source>Notify by:</source>
        <translation>Notify by:</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Actor</source>
        <translation>Actor</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>Target</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Outcome</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>Detail</translation>
    </message>
    <message>
        <source>all actors, or e.g. user:alice</source>
        <translation>all actors, or e.g. user:alice</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>Load more</source>
        <translation>Load more</translation>
    </message>
    <message>
        <source>Verify chain</source>
        <translation>Verify chain</translation>
    </message>
    <message>
        <source>Checks that no entry was altered, inserted or removed</source>
        <translation>Checks that no entry was altered, inserted or removed</translation>
    </message>
    <message>
        <source>Actor:</source>
        <translation>Actor:</translation>
    </message>
    <message>
        <source>A customer&apos;s data request or erasure (GDPR), by the customer&apos;s number (the customer_id of their orders). Export saves everything kept about them as a JSON file; erase removes their name, e-mail, phone and addresses from the customer and every order for good, keeping the orders&apos; amounts.</source>
        <translation>A customer&apos;s data request or erasure (GDPR), by the customer&apos;s number (the customer_id of their orders). Export saves everything kept about them as a JSON file; erase removes their name, e-mail, phone and addresses from the customer and every order for good, keeping the orders&apos; amounts.</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Export…</translation>
    </message>
    <message>
        <source>Erase…</source>
        <translation>Erase…</translation>
    </message>
    <message>
        <source>Customer number:</source>
        <translation>Customer number:</translation>
    </message>
    <message>
        <source>Cannot load the list: %1</source>
        <translation>Cannot load the list: %1</translation>
    </message>
    <message>
        <source>Refused: %1</source>
        <translation>Refused: %1</translation>
    </message>
    <message>
        <source>Name the key after what will use it.</source>
        <translation>Name the key after what will use it.</translation>
    </message>
    <message>
        <source>Key %1 created.</source>
        <translation>Key %1 created.</translation>
    </message>
    <message>
        <source>API key %1</source>
        <translation>API key %1</translation>
    </message>
    <message>
        <source>Copy the key&apos;s secret now and keep it somewhere safe: it will not be shown again. Programs send it as the header &quot;Authorization: Bearer &lt;secret&gt;&quot;.</source>
        <translation>Copy the key&apos;s secret now and keep it somewhere safe: it will not be shown again. Programs send it as the header &quot;Authorization: Bearer &lt;secret&gt;&quot;.</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Copy</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>Copied</translation>
    </message>
    <message>
        <source>Revoke the API key “%1”? Every program using it is refused from now on; this cannot be undone.</source>
        <translation>Revoke the API key “%1”? Every program using it is refused from now on; this cannot be undone.</translation>
    </message>
    <message>
        <source>Key %1 revoked.</source>
        <translation>Key %1 revoked.</translation>
    </message>
    <message>
        <source>Subscription %1 added: the events from now on are sent to it.</source>
        <translation>Subscription %1 added: the events from now on are sent to it.</translation>
    </message>
    <message>
        <source>Delete the subscription “%1”? Nothing more is sent to %2, and its undelivered events and dead letters are dropped.</source>
        <translation>Delete the subscription “%1”? Nothing more is sent to %2, and its undelivered events and dead letters are dropped.</translation>
    </message>
    <message>
        <source>Subscription %1 deleted.</source>
        <translation>Subscription %1 deleted.</translation>
    </message>
    <message>
        <source>The agent needs a name.</source>
        <translation>The agent needs a name.</translation>
    </message>
    <message>
        <source>Actions: a JSON list of actions is needed (%1).</source>
        <translation>Actions: a JSON list of actions is needed (%1).</translation>
    </message>
    <message>
        <source>not a list</source>
        <translation>not a list</translation>
    </message>
    <message>
        <source>Remote agent %1 saved; its actions can be called now.</source>
        <translation>Remote agent %1 saved; its actions can be called now.</translation>
    </message>
    <message>
        <source>Remove the remote agent “%1”? Its actions disappear, and workflow steps calling them fail.</source>
        <translation>Remove the remote agent “%1”? Its actions disappear, and workflow steps calling them fail.</translation>
    </message>
    <message>
        <source>Remote agent %1 removed.</source>
        <translation>Remote agent %1 removed.</translation>
    </message>
    <message>
        <source>Settings: a JSON object is needed, e.g. {&quot;minutes&quot;: 60}.</source>
        <translation>Settings: a JSON object is needed, e.g. {&quot;minutes&quot;: 60}.</translation>
    </message>
    <message>
        <source>Rule %1 saved.</source>
        <translation>Rule %1 saved.</translation>
    </message>
    <message>
        <source>Cannot read the audit log: %1</source>
        <translation>Cannot read the audit log: %1</translation>
    </message>
    <message>
        <source>Checking the chain…</source>
        <translation>Checking the chain…</translation>
    </message>
    <message>
        <source>Not checked: %1</source>
        <translation>Not checked: %1</translation>
    </message>
    <message numerus="yes">
        <source>Chain intact (%n entries)</source>
        <translation>
            <numerusform>Chain intact (%n entry)</numerusform>
            <numerusform>Chain intact (%n entries)</numerusform>
        </translation>
    </message>
    <message>
        <source>Chain broken at entry %1: %2</source>
        <translation>Chain broken at entry %1: %2</translation>
    </message>
    <message>
        <source>Chain broken: %1</source>
        <translation>Chain broken: %1</translation>
    </message>
    <message>
        <source>Reading customer %1&apos;s data…</source>
        <translation>Reading customer %1&apos;s data…</translation>
    </message>
    <message>
        <source>Not exported: %1</source>
        <translation>Not exported: %1</translation>
    </message>
    <message>
        <source>Export cancelled: nothing was saved.</source>
        <translation>Export cancelled: nothing was saved.</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>Cannot write %1: %2</translation>
    </message>
    <message numerus="yes">
        <source>Customer %1&apos;s data (%n order(s)) saved to %2.</source>
        <translation>
            <numerusform>Customer %1&apos;s data (%n order) saved to %2.</numerusform>
            <numerusform>Customer %1&apos;s data (%n orders) saved to %2.</numerusform>
        </translation>
    </message>
    <message>
        <source>Erase the personal data of customer %1? Their name, e-mail, phone and the addresses of all their orders are removed for good; the orders&apos; amounts stay.</source>
        <translation>Erase the personal data of customer %1? Their name, e-mail, phone and the addresses of all their orders are removed for good; the orders&apos; amounts stay.</translation>
    </message>
    <message>
        <source>Nothing was erased.</source>
        <translation>Nothing was erased.</translation>
    </message>
    <message>
        <source>Not erased: %1</source>
        <translation>Not erased: %1</translation>
    </message>
    <message numerus="yes">
        <source>Customer %1 erased; %n order(s) cleared.</source>
        <translation>
            <numerusform>Customer %1 erased; %n order cleared.</numerusform>
            <numerusform>Customer %1 erased; %n orders cleared.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>dc::ui::AlertsModel</name>
    <message>
        <source>Critical</source>
        <translation>Critical</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>Warning</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>Acknowledged by %1</source>
        <translation>Acknowledged by %1</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>Severity</translation>
    </message>
    <message>
        <source>Alert</source>
        <translation>Alert</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>Rule</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>Count</translation>
    </message>
    <message>
        <source>Raised</source>
        <translation>Raised</translation>
    </message>
    <message>
        <source>State</source>
        <translation>State</translation>
    </message>
</context>
<context>
    <name>dc::ui::AlertsPage</name>
    <message>
        <source>Open</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>Acknowledged</source>
        <translation>Acknowledged</translation>
    </message>
    <message>
        <source>All</source>
        <translation>All</translation>
    </message>
    <message>
        <source>Acknowledge</source>
        <translation>Acknowledge</translation>
    </message>
    <message>
        <source>Refused: %1</source>
        <translation>Refused: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n open alert(s)</source>
        <translation>
            <numerusform>%n open alert</numerusform>
            <numerusform>%n open alerts</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>dc::ui::AliExpressAuthorisation</name>
    <message>
        <source>The callback URL set in the app&apos;s AliExpress console. An address on this computer (127.0.0.1) is caught here; with any other, paste the code the browser is sent back with.</source>
        <translation>The callback URL set in the app&apos;s AliExpress console. An address on this computer (127.0.0.1) is caught here; with any other, paste the code the browser is sent back with.</translation>
    </message>
    <message>
        <source>Authorise…</source>
        <translation>Authorise…</translation>
    </message>
    <message>
        <source>the code, or the whole address the browser was sent to</source>
        <translation>the code, or the whole address the browser was sent to</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>Connect</translation>
    </message>
    <message>
        <source>Callback URL:</source>
        <translation>Callback URL:</translation>
    </message>
    <message>
        <source>Code:</source>
        <translation>Code:</translation>
    </message>
    <message>
        <source>Cannot authorise: %1</source>
        <translation>Cannot authorise: %1</translation>
    </message>
    <message>
        <source>Open this address in a browser: %1</source>
        <translation>Open this address in a browser: %1</translation>
    </message>
    <message>
        <source>Grant access in the browser: DropCrew takes the answer itself.</source>
        <translation>Grant access in the browser: DropCrew takes the answer itself.</translation>
    </message>
    <message>
        <source>Grant access in the browser, then paste the code it is sent back with.</source>
        <translation>Grant access in the browser, then paste the code it is sent back with.</translation>
    </message>
    <message>
        <source>Paste the code first.</source>
        <translation>Paste the code first.</translation>
    </message>
    <message>
        <source>Click Authorise… first: the code must answer this computer&apos;s request.</source>
        <translation>Click Authorise… first: the code must answer this computer&apos;s request.</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Connecting…</translation>
    </message>
    <message>
        <source>Not connected: %1</source>
        <translation>Not connected: %1</translation>
    </message>
    <message>
        <source>AliExpress authorised; the tokens are in the server&apos;s secret store.</source>
        <translation>AliExpress authorised; the tokens are in the server&apos;s secret store.</translation>
    </message>
</context>
<context>
    <name>dc::ui::ApiClient</name>
    <message>
        <source>the session has expired: log in again</source>
        <translation>the session has expired: log in again</translation>
    </message>
    <message>
        <source>the server cannot be reached: %1</source>
        <translation>the server cannot be reached: %1</translation>
    </message>
    <message>
        <source>HTTP status %1</source>
        <translation>HTTP status %1</translation>
    </message>
</context>
<context>
    <name>dc::ui::BulkOrdersDialog</name>
    <message>
        <source>only received or failed orders are processed</source>
        <translation>only received or failed orders are processed</translation>
    </message>
    <message>
        <source>already closed</source>
        <translation>already closed</translation>
    </message>
    <message>
        <source>already on hold</source>
        <translation>already on hold</translation>
    </message>
    <message>
        <source>not on hold</source>
        <translation>not on hold</translation>
    </message>
    <message>
        <source>%1 (%2): %3</source>
        <translation>%1 (%2): %3</translation>
    </message>
    <message>
        <source>Process</source>
        <translation>Process</translation>
    </message>
    <message>
        <source>Hold</source>
        <translation>Hold</translation>
    </message>
    <message>
        <source>Release</source>
        <translation>Release</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Retry</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message numerus="yes">
        <source>%1 %n order(s)</source>
        <translation>
            <numerusform>%1 %n order</numerusform>
            <numerusform>%1 %n orders</numerusform>
        </translation>
    </message>
    <message>
        <source>%v of %m</source>
        <translation>%v of %m</translation>
    </message>
    <message>
        <source>What the server refuses is listed here.</source>
        <translation>What the server refuses is listed here.</translation>
    </message>
    <message>
        <source>Left alone:</source>
        <translation>Left alone:</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Stop</translation>
    </message>
    <message>
        <source>Why are these orders cancelled? (kept in each order)</source>
        <translation>Why are these orders cancelled? (kept in each order)</translation>
    </message>
    <message numerus="yes">
        <source>%n order(s) start the order processing workflow: each goes to its supplier if nothing holds it.</source>
        <translation>
            <numerusform>%n order starts the order processing workflow: it goes to its supplier if nothing holds it.</numerusform>
            <numerusform>%n orders start the order processing workflow: each goes to its supplier if nothing holds it.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n order(s) are held: nothing more is sent to a supplier for them until they are released.</source>
        <translation>
            <numerusform>%n order is held: nothing more is sent to a supplier for it until it is released.</numerusform>
            <numerusform>%n orders are held: nothing more is sent to a supplier for them until they are released.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n order(s) are released and go on where they stopped.</source>
        <translation>
            <numerusform>%n order is released and goes on where it stopped.</numerusform>
            <numerusform>%n orders are released and go on where they stopped.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n order(s) have their failed workflow run retried from the failed step (an order without a failed run is refused and listed).</source>
        <translation>
            <numerusform>%n order has its failed workflow run retried from the failed step (an order without a failed run is refused and listed).</numerusform>
            <numerusform>%n orders have their failed workflow run retried from the failed step (an order without a failed run is refused and listed).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n order(s) are cancelled. A supplier order already placed is not cancelled at AliExpress: such orders are held for you instead.</source>
        <translation>
            <numerusform>%n order is cancelled. A supplier order already placed is not cancelled at AliExpress: such an order is held for you instead.</numerusform>
            <numerusform>%n orders are cancelled. A supplier order already placed is not cancelled at AliExpress: such orders are held for you instead.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n selected order(s) are left alone (listed below).</source>
        <translation>
            <numerusform>%n selected order is left alone (listed below).</numerusform>
            <numerusform>%n selected orders are left alone (listed below).</numerusform>
        </translation>
    </message>
    <message>
        <source>Stopped: %1 done, %2 refused, %3 not sent.</source>
        <translation>Stopped: %1 done, %2 refused, %3 not sent.</translation>
    </message>
    <message>
        <source>Finished: %1 done, %2 refused.</source>
        <translation>Finished: %1 done, %2 refused.</translation>
    </message>
    <message>
        <source>%1: refused: %2</source>
        <translation>%1: refused: %2</translation>
    </message>
    <message numerus="yes">
        <source>The server asks to slow down: going on in %n second(s)…</source>
        <translation>
            <numerusform>The server asks to slow down: going on in %n second…</numerusform>
            <numerusform>The server asks to slow down: going on in %n seconds…</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>dc::ui::BulkRetryDialog</name>
    <message>
        <source>Retry failed runs</source>
        <translation>Retry failed runs</translation>
    </message>
    <message>
        <source>Any workflow</source>
        <translation>Any workflow</translation>
    </message>
    <message>
        <source>Any step</source>
        <translation>Any step</translation>
    </message>
    <message>
        <source>Failed since</source>
        <translation>Failed since</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Retry</translation>
    </message>
    <message>
        <source>Workflow:</source>
        <translation>Workflow:</translation>
    </message>
    <message>
        <source>Failed step:</source>
        <translation>Failed step:</translation>
    </message>
    <message>
        <source>Choose a workflow, a step or a time.</source>
        <translation>Choose a workflow, a step or a time.</translation>
    </message>
    <message>
        <source>Counting…</source>
        <translation>Counting…</translation>
    </message>
    <message>
        <source>Refused: %1</source>
        <translation>Refused: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n failed run(s) match.</source>
        <translation>
            <numerusform>%n failed run matches.</numerusform>
            <numerusform>%n failed runs match.</numerusform>
        </translation>
    </message>
    <message>
        <source>The oldest %1 are retried now; retry again for the rest.</source>
        <translation>The oldest %1 are retried now; retry again for the rest.</translation>
    </message>
    <message>
        <source>Retrying…</source>
        <translation>Retrying…</translation>
    </message>
</context>
<context>
    <name>dc::ui::DashboardModel</name>
    <message>
        <source>From</source>
        <translation>From</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>Orders</translation>
    </message>
    <message>
        <source>Revenue</source>
        <translation>Revenue</translation>
    </message>
    <message>
        <source>Margin</source>
        <translation>Margin</translation>
    </message>
    <message>
        <source>Workflow success</source>
        <translation>Workflow success</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>Runs</translation>
    </message>
</context>
<context>
    <name>dc::ui::DashboardPage</name>
    <message>
        <source>Last 24 hours</source>
        <translation>Last 24 hours</translation>
    </message>
    <message>
        <source>Last 7 days (hourly)</source>
        <translation>Last 7 days (hourly)</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>Last 30 days</translation>
    </message>
    <message>
        <source>Last 12 months (daily)</source>
        <translation>Last 12 months (daily)</translation>
    </message>
    <message>
        <source>Revenue and margin are shown per currency</source>
        <translation>Revenue and margin are shown per currency</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>Orders</translation>
    </message>
    <message>
        <source>Revenue and margin</source>
        <translation>Revenue and margin</translation>
    </message>
    <message>
        <source>Revenue</source>
        <translation>Revenue</translation>
    </message>
    <message>
        <source>Margin (orders sent to a supplier)</source>
        <translation>Margin (orders sent to a supplier)</translation>
    </message>
    <message>
        <source>Workflow success rate</source>
        <translation>Workflow success rate</translation>
    </message>
    <message>
        <source>Succeeded among finished runs (%)</source>
        <translation>Succeeded among finished runs (%)</translation>
    </message>
    <message>
        <source>Live: event delay and queue</source>
        <translation>Live: event delay and queue</translation>
    </message>
    <message>
        <source>Event delay, median (ms)</source>
        <translation>Event delay, median (ms)</translation>
    </message>
    <message>
        <source>Tasks queued and running</source>
        <translation>Tasks queued and running</translation>
    </message>
    <message>
        <source>Dashboard unavailable: %1</source>
        <translation>Dashboard unavailable: %1</translation>
    </message>
    <message>
        <source>Now: %1 queued, %2 running, %3 dead tasks · subscriptions behind by up to %4 events, %5 dead letters</source>
        <translation>Now: %1 queued, %2 running, %3 dead tasks · subscriptions behind by up to %4 events, %5 dead letters</translation>
    </message>
    <message numerus="yes">
        <source>%n order(s)</source>
        <translation>
            <numerusform>%n order</numerusform>
            <numerusform>%n orders</numerusform>
        </translation>
    </message>
    <message>
        <source>revenue %1</source>
        <translation>revenue %1</translation>
    </message>
    <message numerus="yes">
        <source>margin %1 on %n order(s) sent to a supplier</source>
        <translation>
            <numerusform>margin %1 on %n order sent to a supplier</numerusform>
            <numerusform>margin %1 on %n orders sent to a supplier</numerusform>
        </translation>
    </message>
    <message>
        <source>workflow success %1 %</source>
        <translation>workflow success %1 %</translation>
    </message>
    <message numerus="yes">
        <source>%n run(s)</source>
        <translation>
            <numerusform>%n run</numerusform>
            <numerusform>%n runs</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>dc::ui::DryRunDialog</name>
    <message>
        <source>Dry run</source>
        <translation>Dry run</translation>
    </message>
    <message>
        <source>Dry run of %1</source>
        <translation>Dry run of %1</translation>
    </message>
    <message>
        <source>Recorded event</source>
        <translation>Recorded event</translation>
    </message>
    <message>
        <source>Topic pattern (order.*, ext.#); empty: every topic</source>
        <translation>Topic pattern (order.*, ext.#); empty: every topic</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Search</translation>
    </message>
    <message>
        <source>Manual input</source>
        <translation>Manual input</translation>
    </message>
    <message>
        <source>The run&apos;s input, a JSON object</source>
        <translation>The run&apos;s input, a JSON object</translation>
    </message>
    <message>
        <source>Renders every step as a run would, without running anything</source>
        <translation>Renders every step as a run would, without running anything</translation>
    </message>
    <message>
        <source>Reading the definition…</source>
        <translation>Reading the definition…</translation>
    </message>
    <message>
        <source>Looking for the recent events…</source>
        <translation>Looking for the recent events…</translation>
    </message>
    <message>
        <source>The events could not be read: %1</source>
        <translation>The events could not be read: %1</translation>
    </message>
    <message>
        <source>No event is recorded.</source>
        <translation>No event is recorded.</translation>
    </message>
    <message>
        <source>No event of %1 is recorded.</source>
        <translation>No event of %1 is recorded.</translation>
    </message>
    <message numerus="yes">
        <source>%n recent event(s).</source>
        <translation>
            <numerusform>%n recent event.</numerusform>
            <numerusform>%n recent events.</numerusform>
        </translation>
    </message>
    <message>
        <source>The input is not JSON: %1 (at character %2)</source>
        <translation>The input is not JSON: %1 (at character %2)</translation>
    </message>
    <message>
        <source>The input must be a JSON object: {…}</source>
        <translation>The input must be a JSON object: {…}</translation>
    </message>
    <message>
        <source>Choose an event first.</source>
        <translation>Choose an event first.</translation>
    </message>
    <message>
        <source>Rendering the steps…</source>
        <translation>Rendering the steps…</translation>
    </message>
    <message>
        <source>The definition does not validate: line %1, column %2: %3</source>
        <translation>The definition does not validate: line %1, column %2: %3</translation>
    </message>
    <message>
        <source>Refused: %1</source>
        <translation>Refused: %1</translation>
    </message>
    <message>
        <source>Warnings:</source>
        <translation>Warnings:</translation>
    </message>
    <message>
        <source>Event %1 (%2)</source>
        <translation>Event %1 (%2)</translation>
    </message>
    <message numerus="yes">
        <source>%1: %n step(s) rendered, nothing was run.</source>
        <translation>
            <numerusform>%1: %n step rendered, nothing was run.</numerusform>
            <numerusform>%1: %n steps rendered, nothing was run.</numerusform>
        </translation>
    </message>
    <message>
        <source>The run&apos;s key would be %1.</source>
        <translation>The run&apos;s key would be %1.</translation>
    </message>
    <message>
        <source>No problem found.</source>
        <translation>No problem found.</translation>
    </message>
    <message numerus="yes">
        <source>%n problem(s) found.</source>
        <translation>
            <numerusform>%n problem found.</numerusform>
            <numerusform>%n problems found.</numerusform>
        </translation>
    </message>
    <message>
        <source>Hidden: your role may not read personal data.</source>
        <translation>Hidden: your role may not read personal data.</translation>
    </message>
    <message>
        <source>No input: for_each gives no item, no task would run.</source>
        <translation>No input: for_each gives no item, no task would run.</translation>
    </message>
    <message>
        <source>Would be skipped: %1.</source>
        <translation>Would be skipped: %1.</translation>
    </message>
    <message>
        <source>Whether it runs depends on what earlier steps give.</source>
        <translation>Whether it runs depends on what earlier steps give.</translation>
    </message>
    <message numerus="yes">
        <source>The input of the first of %n item(s).</source>
        <translation>
            <numerusform>The input of the first of %n item.</numerusform>
            <numerusform>The input of the first of %n items.</numerusform>
        </translation>
    </message>
    <message>
        <source>Known only once the run gets there (shown as &lt;…&gt;): %1.</source>
        <translation>Known only once the run gets there (shown as &lt;…&gt;): %1.</translation>
    </message>
</context>
<context>
    <name>dc::ui::DryRunEventsModel</name>
    <message>
        <source>Id</source>
        <translation>Id</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Topic</source>
        <translation>Topic</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Key</translation>
    </message>
</context>
<context>
    <name>dc::ui::DryRunStepsModel</name>
    <message>
        <source>unknown</source>
        <translation>unknown</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>yes</translation>
    </message>
    <message>
        <source>no</source>
        <translation>no</translation>
    </message>
    <message numerus="yes">
        <source>%1 (and %n more)</source>
        <translation>
            <numerusform>%1 (and %n more)</numerusform>
            <numerusform>%1 (and %n more)</numerusform>
        </translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Step</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>When</source>
        <translation>When</translation>
    </message>
    <message>
        <source>Items</source>
        <translation>Items</translation>
    </message>
    <message>
        <source>Problems</source>
        <translation>Problems</translation>
    </message>
</context>
<context>
    <name>dc::ui::EventsModel</name>
    <message>
        <source>Id</source>
        <translation>Id</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Topic</source>
        <translation>Topic</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Key</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Source</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>Data</translation>
    </message>
</context>
<context>
    <name>dc::ui::EventsPage</name>
    <message>
        <source>Topic patterns, comma-separated: * is one word, # any number (order.#)</source>
        <translation>Topic patterns, comma-separated: * is one word, # any number (order.#)</translation>
    </message>
    <message>
        <source>key, e.g. order:42</source>
        <translation>key, e.g. order:42</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Pause</translation>
    </message>
    <message>
        <source>Live</source>
        <translation>Live</translation>
    </message>
    <message>
        <source>Search history</source>
        <translation>Search history</translation>
    </message>
    <message>
        <source>Durable subscription to replay the selected events to</source>
        <translation>Durable subscription to replay the selected events to</translation>
    </message>
    <message>
        <source>Replay selection</source>
        <translation>Replay selection</translation>
    </message>
    <message>
        <source>Topics:</source>
        <translation>Topics:</translation>
    </message>
    <message>
        <source>Live.</source>
        <translation>Live.</translation>
    </message>
    <message>
        <source>Pattern: %1</source>
        <translation>Pattern: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n event(s) arrived while paused: search the history to see them.</source>
        <translation>
            <numerusform>%n event arrived while paused: search the history to see it.</numerusform>
            <numerusform>%n events arrived while paused: search the history to see them.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Paused: %n event(s) not shown.</source>
        <translation>
            <numerusform>Paused: %n event not shown.</numerusform>
            <numerusform>Paused: %n events not shown.</numerusform>
        </translation>
    </message>
    <message>
        <source>Search refused: %1</source>
        <translation>Search refused: %1</translation>
    </message>
    <message numerus="yes">
        <source>History: %n event(s).</source>
        <translation>
            <numerusform>History: %n event.</numerusform>
            <numerusform>History: %n events.</numerusform>
        </translation>
    </message>
    <message>
        <source>Select the events to replay first.</source>
        <translation>Select the events to replay first.</translation>
    </message>
    <message>
        <source>Replayed.</source>
        <translation>Replayed.</translation>
    </message>
    <message>
        <source>Refused: %1</source>
        <translation>Refused: %1</translation>
    </message>
</context>
<context>
    <name>dc::ui::KpiTiles</name>
    <message>
        <source>Orders today</source>
        <translation>Orders today</translation>
    </message>
    <message>
        <source>Show today&apos;s orders</source>
        <translation>Show today&apos;s orders</translation>
    </message>
    <message>
        <source>Revenue today</source>
        <translation>Revenue today</translation>
    </message>
    <message>
        <source>Total less tax of today&apos;s orders</source>
        <translation>Total less tax of today&apos;s orders</translation>
    </message>
    <message>
        <source>Margin today</source>
        <translation>Margin today</translation>
    </message>
    <message>
        <source>Revenue less supplier cost, shipping and fees of today&apos;s orders sent to a supplier</source>
        <translation>Revenue less supplier cost, shipping and fees of today&apos;s orders sent to a supplier</translation>
    </message>
    <message>
        <source>Held</source>
        <translation>Held</translation>
    </message>
    <message>
        <source>Orders on hold, waiting for an operator</source>
        <translation>Orders on hold, waiting for an operator</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Failed</translation>
    </message>
    <message>
        <source>Orders whose processing failed</source>
        <translation>Orders whose processing failed</translation>
    </message>
    <message>
        <source>In transit</source>
        <translation>In transit</translation>
    </message>
    <message>
        <source>Orders shipped, not delivered yet</source>
        <translation>Orders shipped, not delivered yet</translation>
    </message>
    <message>
        <source>Hours to ship</source>
        <translation>Hours to ship</translation>
    </message>
    <message>
        <source>Average hours from order to first shipment, orders of the last 30 days</source>
        <translation>Average hours from order to first shipment, orders of the last 30 days</translation>
    </message>
</context>
<context>
    <name>dc::ui::LoginDialog</name>
    <message>
        <source>Connect to a DropCrew server</source>
        <translation>Connect to a DropCrew server</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Sign in</translation>
    </message>
    <message>
        <source>Server URL:</source>
        <translation>Server URL:</translation>
    </message>
    <message>
        <source>User name:</source>
        <translation>User name:</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>Password:</translation>
    </message>
    <message>
        <source>The URL must look like https://host:port.</source>
        <translation>The URL must look like https://host:port.</translation>
    </message>
    <message>
        <source>Warning: without https the password crosses the network in clear.</source>
        <translation>Warning: without https the password crosses the network in clear.</translation>
    </message>
    <message>
        <source>Wrong user name or password.</source>
        <translation>Wrong user name or password.</translation>
    </message>
    <message>
        <source>Cannot sign in: %1</source>
        <translation>Cannot sign in: %1</translation>
    </message>
    <message>
        <source>Session expired: sign in again</source>
        <translation>Session expired: sign in again</translation>
    </message>
</context>
<context>
    <name>dc::ui::LoopbackCatcher</name>
    <message>
        <source>not a loopback address</source>
        <translation>not a loopback address</translation>
    </message>
    <message>
        <source>DropCrew received the AliExpress authorisation. You can close this tab.</source>
        <translation>DropCrew received the AliExpress authorisation. You can close this tab.</translation>
    </message>
</context>
<context>
    <name>dc::ui::MainWindow</name>
    <message>
        <source>DropCrew</source>
        <translation>DropCrew</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <source>API: %1</source>
        <translation>API: %1</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>Orders</translation>
    </message>
    <message>
        <source>Live updates: connecting…</source>
        <translation>Live updates: connecting…</translation>
    </message>
    <message>
        <source>Live updates: on</source>
        <translation>Live updates: on</translation>
    </message>
    <message>
        <source>Live updates: reconnecting…</source>
        <translation>Live updates: reconnecting…</translation>
    </message>
    <message>
        <source>Workflows</source>
        <translation>Workflows</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>Runs</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>Events</translation>
    </message>
    <message>
        <source>Tasks</source>
        <translation>Tasks</translation>
    </message>
    <message>
        <source>Shopify: %1 shop(s) failing</source>
        <translation>Shopify: %1 shop(s) failing</translation>
    </message>
    <message>
        <source>Shopify: %1 shop(s) ok</source>
        <translation>Shopify: %1 shop(s) ok</translation>
    </message>
    <message>
        <source>%1: polling</source>
        <translation>%1: polling</translation>
    </message>
    <message>
        <source>%1: webhooks</source>
        <translation>%1: webhooks</translation>
    </message>
    <message>
        <source>AliExpress: configured</source>
        <translation>AliExpress: configured</translation>
    </message>
    <message>
        <source>AliExpress: not configured</source>
        <translation>AliExpress: not configured</translation>
    </message>
    <message>
        <source>Queue: %1 queued, %2 running, %3 dead</source>
        <translation>Queue: %1 queued, %2 running, %3 dead</translation>
    </message>
    <message>
        <source>DropCrew — %1</source>
        <translation>DropCrew — %1</translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation>Dashboard</translation>
    </message>
    <message>
        <source>Suppliers</source>
        <translation>Suppliers</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>Signed in as %1 (%2)</source>
        <translation>Signed in as %1 (%2)</translation>
    </message>
    <message>
        <source>&amp;Connect to a server…</source>
        <translation>&amp;Connect to a server…</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>&amp;Close</translation>
    </message>
    <message>
        <source>LLM: %1</source>
        <translation>LLM: %1</translation>
    </message>
    <message>
        <source>LLM: templates only</source>
        <translation>LLM: templates only</translation>
    </message>
    <message>
        <source>Shopify: %1 shop(s) not checked yet</source>
        <translation>Shopify: %1 shop(s) not checked yet</translation>
    </message>
    <message>
        <source>AliExpress: failing</source>
        <translation>AliExpress: failing</translation>
    </message>
    <message>
        <source>LLM: %1 failing</source>
        <translation>LLM: %1 failing</translation>
    </message>
    <message>
        <source>Products</source>
        <translation>Products</translation>
    </message>
    <message>
        <source>Alerts</source>
        <translation>Alerts</translation>
    </message>
    <message numerus="yes">
        <source>%n open alert(s)</source>
        <translation>
            <numerusform>%n open alert</numerusform>
            <numerusform>%n open alerts</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>DropCrew: %n open alert(s)</source>
        <translation>
            <numerusform>DropCrew: %n open alert</numerusform>
            <numerusform>DropCrew: %n open alerts</numerusform>
        </translation>
    </message>
    <message>
        <source>DropCrew: critical alert</source>
        <translation>DropCrew: critical alert</translation>
    </message>
    <message>
        <source>DropCrew: alert</source>
        <translation>DropCrew: alert</translation>
    </message>
    <message>
        <source>Mapping</source>
        <translation>Mapping</translation>
    </message>
    <message>
        <source>&amp;Set up DropCrew…</source>
        <translation>&amp;Set up DropCrew…</translation>
    </message>
    <message numerus="yes">
        <source>%n order(s) on hold</source>
        <translation>
            <numerusform>%n order on hold</numerusform>
            <numerusform>%n orders on hold</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n failed run(s)</source>
        <translation>
            <numerusform>%n failed run</numerusform>
            <numerusform>%n failed runs</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n dead task(s)</source>
        <translation>
            <numerusform>%n dead task</numerusform>
            <numerusform>%n dead tasks</numerusform>
        </translation>
    </message>
    <message>
        <source>Profitability</source>
        <translation>Profitability</translation>
    </message>
    <message>
        <source>Administration</source>
        <translation>Administration</translation>
    </message>
</context>
<context>
    <name>dc::ui::ManualOrderDialog</name>
    <message>
        <source>New order</source>
        <translation>New order</translation>
    </message>
    <message>
        <source>e.g. PHONE-1042 (unique, shown in lists)</source>
        <translation>e.g. PHONE-1042 (unique, shown in lists)</translation>
    </message>
    <message>
        <source>Order name:</source>
        <translation>Order name:</translation>
    </message>
    <message>
        <source>Customer name:</source>
        <translation>Customer name:</translation>
    </message>
    <message>
        <source>Address:</source>
        <translation>Address:</translation>
    </message>
    <message>
        <source>Address (2):</source>
        <translation>Address (2):</translation>
    </message>
    <message>
        <source>Postal code:</source>
        <translation>Postal code:</translation>
    </message>
    <message>
        <source>City:</source>
        <translation>City:</translation>
    </message>
    <message>
        <source>Region:</source>
        <translation>Region:</translation>
    </message>
    <message>
        <source>Country (ISO code):</source>
        <translation>Country (ISO code):</translation>
    </message>
    <message>
        <source>Phone:</source>
        <translation>Phone:</translation>
    </message>
    <message>
        <source>FR, DE, US…</source>
        <translation>FR, DE, US…</translation>
    </message>
    <message>
        <source>Find a product: title or SKU</source>
        <translation>Find a product: title or SKU</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Add</translation>
    </message>
    <message>
        <source>Add a line by hand</source>
        <translation>Add a line by hand</translation>
    </message>
    <message>
        <source>Remove line</source>
        <translation>Remove line</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>Product</translation>
    </message>
    <message>
        <source>SKU</source>
        <translation>SKU</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>Quantity</translation>
    </message>
    <message>
        <source>Unit price</source>
        <translation>Unit price</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>Paid</translation>
    </message>
    <message>
        <source>Payment authorised</source>
        <translation>Payment authorised</translation>
    </message>
    <message>
        <source>Not paid yet (held until paid)</source>
        <translation>Not paid yet (held until paid)</translation>
    </message>
    <message>
        <source>Currency:</source>
        <translation>Currency:</translation>
    </message>
    <message>
        <source>Shipping charged:</source>
        <translation>Shipping charged:</translation>
    </message>
    <message>
        <source>Tax:</source>
        <translation>Tax:</translation>
    </message>
    <message>
        <source>Payment:</source>
        <translation>Payment:</translation>
    </message>
    <message>
        <source>Create order</source>
        <translation>Create order</translation>
    </message>
    <message>
        <source>Cannot search the catalog: %1</source>
        <translation>Cannot search the catalog: %1</translation>
    </message>
    <message>
        <source>Nothing found</source>
        <translation>Nothing found</translation>
    </message>
    <message>
        <source>Add at least one item.</source>
        <translation>Add at least one item.</translation>
    </message>
    <message>
        <source>Creating…</source>
        <translation>Creating…</translation>
    </message>
    <message>
        <source>Not created: %1</source>
        <translation>Not created: %1</translation>
    </message>
    <message>
        <source>This product is priced in %1 and the order in %2: one currency per order.</source>
        <translation>This product is priced in %1 and the order in %2: one currency per order.</translation>
    </message>
</context>
<context>
    <name>dc::ui::MappingPage</name>
    <message>
        <source>Select a variant on the left.</source>
        <translation>Select a variant on the left.</translation>
    </message>
    <message>
        <source>https://www.aliexpress.com/item/….html, or the product id</source>
        <translation>https://www.aliexpress.com/item/….html, or the product id</translation>
    </message>
    <message>
        <source>Countries to quote shipping to, e.g. FR,BE; the offer ships to those AliExpress delivers to</source>
        <translation>Countries to quote shipping to, e.g. FR,BE; the offer ships to those AliExpress delivers to</translation>
    </message>
    <message>
        <source>Look up</source>
        <translation>Look up</translation>
    </message>
    <message>
        <source>Map to the selected SKU</source>
        <translation>Map to the selected SKU</translation>
    </message>
    <message>
        <source>AliExpress product:</source>
        <translation>AliExpress product:</translation>
    </message>
    <message>
        <source>Ship to:</source>
        <translation>Ship to:</translation>
    </message>
    <message>
        <source>%1 — %2 (%3), sold %4</source>
        <translation>%1 — %2 (%3), sold %4</translation>
    </message>
    <message>
        <source>Look the product up again for this variant.</source>
        <translation>Look the product up again for this variant.</translation>
    </message>
    <message>
        <source>Needs the catalog.write permission</source>
        <translation>Needs the catalog.write permission</translation>
    </message>
    <message>
        <source>Unmapped variants unavailable: %1</source>
        <translation>Unmapped variants unavailable: %1</translation>
    </message>
    <message>
        <source>Every variant has a supplier offer.</source>
        <translation>Every variant has a supplier offer.</translation>
    </message>
    <message numerus="yes">
        <source>%n variant(s) without a supplier offer</source>
        <translation>
            <numerusform>%n variant without a supplier offer</numerusform>
            <numerusform>%n variants without a supplier offer</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>; %n held order(s) wait on them.</source>
        <translation>
            <numerusform>; %n held order waits on them.</numerusform>
            <numerusform>; %n held orders wait on them.</numerusform>
        </translation>
    </message>
    <message>
        <source>Paste the AliExpress product page&apos;s address first.</source>
        <translation>Paste the AliExpress product page&apos;s address first.</translation>
    </message>
    <message>
        <source>Asking AliExpress…</source>
        <translation>Asking AliExpress…</translation>
    </message>
    <message>
        <source>Not found: %1</source>
        <translation>Not found: %1</translation>
    </message>
    <message>
        <source>%1 — sold by %2</source>
        <translation>%1 — sold by %2</translation>
    </message>
    <message>
        <source>The SKU in bold matches the variant.</source>
        <translation>The SKU in bold matches the variant.</translation>
    </message>
    <message>
        <source>No SKU matches the variant&apos;s options: pick one.</source>
        <translation>No SKU matches the variant&apos;s options: pick one.</translation>
    </message>
    <message>
        <source>%1 %2 (%3–%4 days)</source>
        <translation>%1 %2 (%3–%4 days)</translation>
    </message>
    <message>
        <source>not delivered</source>
        <translation>not delivered</translation>
    </message>
    <message>
        <source>Shipping, cheapest first:</source>
        <translation>Shipping, cheapest first:</translation>
    </message>
    <message>
        <source>Select a variant, look the product up, then pick a SKU.</source>
        <translation>Select a variant, look the product up, then pick a SKU.</translation>
    </message>
    <message>
        <source>Not mapped: %1</source>
        <translation>Not mapped: %1</translation>
    </message>
    <message>
        <source>Mapped to %1 from %2: cost %3, shipping %4.</source>
        <translation>Mapped to %1 from %2: cost %3, shipping %4.</translation>
    </message>
    <message numerus="yes">
        <source>%n held order(s) back in the flow.</source>
        <translation>
            <numerusform>%n held order back in the flow.</numerusform>
            <numerusform>%n held orders back in the flow.</numerusform>
        </translation>
    </message>
    <message>
        <source>where most orders go</source>
        <translation>where most orders go</translation>
    </message>
</context>
<context>
    <name>dc::ui::OffersModel</name>
    <message>
        <source>%1 (paused)</source>
        <translation>%1 (paused)</translation>
    </message>
    <message>
        <source>Worldwide</source>
        <translation>Worldwide</translation>
    </message>
    <message>
        <source>Supplier</source>
        <translation>Supplier</translation>
    </message>
    <message>
        <source>Supplier product</source>
        <translation>Supplier product</translation>
    </message>
    <message>
        <source>Supplier SKU</source>
        <translation>Supplier SKU</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>Cost</translation>
    </message>
    <message>
        <source>Shipping</source>
        <translation>Shipping</translation>
    </message>
    <message>
        <source>Stock</source>
        <translation>Stock</translation>
    </message>
    <message>
        <source>Ships to</source>
        <translation>Ships to</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>Priority</translation>
    </message>
</context>
<context>
    <name>dc::ui::OrdersModel</name>
    <message>
        <source>Order</source>
        <translation>Order</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>Country</source>
        <translation>Country</translation>
    </message>
    <message>
        <source>Shop</source>
        <translation>Shop</translation>
    </message>
    <message>
        <source>Received</source>
        <comment>column header: when the order arrived</comment>
        <translation>Received</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>not paid yet</source>
        <translation>not paid yet</translation>
    </message>
    <message>
        <source>shipping address incomplete</source>
        <translation>shipping address incomplete</translation>
    </message>
    <message>
        <source>address refused by the supplier</source>
        <translation>address refused by the supplier</translation>
    </message>
    <message>
        <source>a product without a supplier offer</source>
        <translation>a product without a supplier offer</translation>
    </message>
    <message>
        <source>margin below the minimum</source>
        <translation>margin below the minimum</translation>
    </message>
    <message>
        <source>out of stock at every supplier</source>
        <translation>out of stock at every supplier</translation>
    </message>
    <message>
        <source>held by an operator</source>
        <translation>held by an operator</translation>
    </message>
</context>
<context>
    <name>dc::ui::OrdersPage</name>
    <message>
        <source>All statuses</source>
        <translation>All statuses</translation>
    </message>
    <message>
        <source>Shop</source>
        <translation>Shop</translation>
    </message>
    <message>
        <source>Received between</source>
        <translation>Received between</translation>
    </message>
    <message>
        <source>Process</source>
        <translation>Process</translation>
    </message>
    <message>
        <source>Run the order processing workflow for this order</source>
        <translation>Run the order processing workflow for this order</translation>
    </message>
    <message>
        <source>Hold</source>
        <translation>Hold</translation>
    </message>
    <message>
        <source>Approve</source>
        <translation>Approve</translation>
    </message>
    <message>
        <source>Approve a held order (low margin) and resume its workflow</source>
        <translation>Approve a held order (low margin) and resume its workflow</translation>
    </message>
    <message>
        <source>Cancel order…</source>
        <translation>Cancel order…</translation>
    </message>
    <message>
        <source>Cancel order</source>
        <translation>Cancel order</translation>
    </message>
    <message>
        <source>Why is this order cancelled?</source>
        <translation>Why is this order cancelled?</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <source>Cannot load orders: %1</source>
        <translation>Cannot load orders: %1</translation>
    </message>
    <message>
        <source>Release</source>
        <translation>Release</translation>
    </message>
    <message>
        <source>Done.</source>
        <translation>Done.</translation>
    </message>
    <message>
        <source>Refused: %1</source>
        <translation>Refused: %1</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Line items</source>
        <translation>Line items</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>Product</translation>
    </message>
    <message>
        <source>SKU</source>
        <translation>SKU</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>Quantity</translation>
    </message>
    <message>
        <source>Unit price</source>
        <translation>Unit price</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>Tax</source>
        <translation>Tax</translation>
    </message>
    <message>
        <source>Supplier cost</source>
        <translation>Supplier cost</translation>
    </message>
    <message>
        <source>Margin</source>
        <translation>Margin</translation>
    </message>
    <message>
        <source>Supplier orders</source>
        <translation>Supplier orders</translation>
    </message>
    <message>
        <source>None yet.</source>
        <translation>None yet.</translation>
    </message>
    <message>
        <source>Shipments</source>
        <translation>Shipments</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>Timeline</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Retry</translation>
    </message>
    <message>
        <source>Retry the order&apos;s failed workflow run from its failed step</source>
        <translation>Retry the order&apos;s failed workflow run from its failed step</translation>
    </message>
    <message>
        <source>step %1: %2</source>
        <translation>step %1: %2</translation>
    </message>
    <message>
        <source>Shipping</source>
        <translation>Shipping</translation>
    </message>
    <message>
        <source>Replace…</source>
        <translation>Replace…</translation>
    </message>
    <message>
        <source>Send the same items again at no charge (a parcel lost or broken)</source>
        <translation>Send the same items again at no charge (a parcel lost or broken)</translation>
    </message>
    <message>
        <source>Send a replacement</source>
        <translation>Send a replacement</translation>
    </message>
    <message>
        <source>The same items go again to the same address, at no charge. Why?</source>
        <translation>The same items go again to the same address, at no charge. Why?</translation>
    </message>
    <message>
        <source>Say why the order is sent again.</source>
        <translation>Say why the order is sent again.</translation>
    </message>
    <message>
        <source>Replacement %1 created: it goes to the supplier like any order.</source>
        <translation>Replacement %1 created: it goes to the supplier like any order.</translation>
    </message>
    <message>
        <source>replacement %1</source>
        <translation>replacement %1</translation>
    </message>
    <message>
        <source>Search: order, product, SKU, AliExpress order, tracking number, e-mail</source>
        <translation>Search: order, product, SKU, AliExpress order, tracking number, e-mail</translation>
    </message>
    <message>
        <source>Process…</source>
        <translation>Process…</translation>
    </message>
    <message>
        <source>Hold…</source>
        <translation>Hold…</translation>
    </message>
    <message>
        <source>Release…</source>
        <translation>Release…</translation>
    </message>
    <message>
        <source>Retry…</source>
        <translation>Retry…</translation>
    </message>
    <message>
        <source>Cancel…</source>
        <translation>Cancel…</translation>
    </message>
    <message>
        <source>New order…</source>
        <translation>New order…</translation>
    </message>
    <message>
        <source>An order taken by phone or on a marketplace</source>
        <translation>An order taken by phone or on a marketplace</translation>
    </message>
    <message>
        <source>Bulk action: %1 done, %2 refused.</source>
        <translation>Bulk action: %1 done, %2 refused.</translation>
    </message>
    <message>
        <source>Order %1 created.</source>
        <translation>Order %1 created.</translation>
    </message>
    <message numerus="yes">
        <source>%n selected…</source>
        <translation>
            <numerusform>%n selected…</numerusform>
            <numerusform>%n selected…</numerusform>
        </translation>
    </message>
    <message>
        <source>Bulk actions…</source>
        <translation>Bulk actions…</translation>
    </message>
    <message>
        <source>Replacements</source>
        <translation>Replacements</translation>
    </message>
    <message>
        <source>Only the orders sent again as replacements</source>
        <translation>Only the orders sent again as replacements</translation>
    </message>
    <message>
        <source>Saved filters</source>
        <translation>Saved filters</translation>
    </message>
    <message>
        <source>Save filter…</source>
        <translation>Save filter…</translation>
    </message>
    <message>
        <source>Forget</source>
        <translation>Forget</translation>
    </message>
    <message>
        <source>Forget the saved filter shown</source>
        <translation>Forget the saved filter shown</translation>
    </message>
    <message>
        <source>Save filter</source>
        <translation>Save filter</translation>
    </message>
    <message>
        <source>Name of this filter:</source>
        <translation>Name of this filter:</translation>
    </message>
    <message>
        <source>Saved filters…</source>
        <translation>Saved filters…</translation>
    </message>
    <message>
        <source>Replaced by %1</source>
        <translation>Replaced by %1</translation>
    </message>
    <message>
        <source>Replacement of %1</source>
        <translation>Replacement of %1</translation>
    </message>
    <message>
        <source>order %1</source>
        <translation>order %1</translation>
    </message>
    <message>
        <source>supplier score %1/100</source>
        <translation>supplier score %1/100</translation>
    </message>
    <message numerus="yes">
        <source>expected around %1, at the latest %2 (from %n delivery(ies))</source>
        <translation>
            <numerusform>expected around %1, at the latest %2 (from %n delivery)</numerusform>
            <numerusform>expected around %1, at the latest %2 (from %n deliveries)</numerusform>
        </translation>
    </message>
    <message>
        <source>Found at AliExpress</source>
        <translation>Found at AliExpress</translation>
    </message>
    <message>
        <source>The AliExpress order id shown in the buyer account:</source>
        <translation>The AliExpress order id shown in the buyer account:</translation>
    </message>
    <message>
        <source>Not at AliExpress</source>
        <translation>Not at AliExpress</translation>
    </message>
    <message>
        <source>This supplier order is not in the AliExpress buyer account? It is placed again under the same reference, which finds it if it does exist: it is never bought twice.</source>
        <translation>This supplier order is not in the AliExpress buyer account? It is placed again under the same reference, which finds it if it does exist: it is never bought twice.</translation>
    </message>
    <message>
        <source>No answer from AliExpress: check the buyer account.</source>
        <translation>No answer from AliExpress: check the buyer account.</translation>
    </message>
    <message>
        <source>Found it…</source>
        <translation>Found it…</translation>
    </message>
    <message>
        <source>Not there…</source>
        <translation>Not there…</translation>
    </message>
</context>
<context>
    <name>dc::ui::PayloadModel</name>
    <message>
        <source>more… (double-click)</source>
        <translation>more… (double-click)</translation>
    </message>
    <message>
        <source>(personal data: needs the personal.read permission)</source>
        <translation>(personal data: needs the personal.read permission)</translation>
    </message>
    <message numerus="yes">
        <source>{%n key(s)}</source>
        <translation>
            <numerusform>{%n key}</numerusform>
            <numerusform>{%n keys}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>[%n item(s)]</source>
        <translation>
            <numerusform>[%n item]</numerusform>
            <numerusform>[%n items]</numerusform>
        </translation>
    </message>
    <message>
        <source>%1… (%2 characters)</source>
        <translation>%1… (%2 characters)</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Key</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Value</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Cannot read this payload: %1</source>
        <translation>Cannot read this payload: %1</translation>
    </message>
    <message>
        <source>Personal data: reading it needs the personal.read permission.</source>
        <translation>Personal data: reading it needs the personal.read permission.</translation>
    </message>
</context>
<context>
    <name>dc::ui::PayloadView</name>
    <message>
        <source>Select a text value to read it whole.</source>
        <translation>Select a text value to read it whole.</translation>
    </message>
    <message>
        <source>… cut here: %1 characters in all.</source>
        <translation>… cut here: %1 characters in all.</translation>
    </message>
</context>
<context>
    <name>dc::ui::ProductsModel</name>
    <message>
        <source>The offer is priced in %1, the shop sells in %2</source>
        <translation>The offer is priced in %1, the shop sells in %2</translation>
    </message>
    <message>
        <source>Suppliers paused</source>
        <translation>Suppliers paused</translation>
    </message>
    <message>
        <source>No offer</source>
        <translation>No offer</translation>
    </message>
    <message>
        <source>%1: %2 + %3 shipping</source>
        <translation>%1: %2 + %3 shipping</translation>
    </message>
    <message>
        <source>%1 (%2 %)</source>
        <translation>%1 (%2 %)</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>Product</translation>
    </message>
    <message>
        <source>Variant</source>
        <translation>Variant</translation>
    </message>
    <message>
        <source>SKU</source>
        <translation>SKU</translation>
    </message>
    <message>
        <source>Shop</source>
        <translation>Shop</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>Price</translation>
    </message>
    <message>
        <source>Stock</source>
        <translation>Stock</translation>
    </message>
    <message>
        <source>Offers</source>
        <translation>Offers</translation>
    </message>
    <message>
        <source>Preferred offer</source>
        <translation>Preferred offer</translation>
    </message>
    <message>
        <source>Margin</source>
        <translation>Margin</translation>
    </message>
</context>
<context>
    <name>dc::ui::ProductsPage</name>
    <message>
        <source>Search a product, variant or SKU</source>
        <translation>Search a product, variant or SKU</translation>
    </message>
    <message>
        <source>Only variants without an offer</source>
        <translation>Only variants without an offer</translation>
    </message>
    <message>
        <source>Orders with such a variant are held until it has an offer</source>
        <translation>Orders with such a variant are held until it has an offer</translation>
    </message>
    <message>
        <source>The supplier&apos;s product id</source>
        <translation>The supplier&apos;s product id</translation>
    </message>
    <message>
        <source>The supplier&apos;s SKU id, if the product has several</source>
        <translation>The supplier&apos;s SKU id, if the product has several</translation>
    </message>
    <message>
        <source>Country codes (FR, DE); empty: worldwide</source>
        <translation>Country codes (FR, DE); empty: worldwide</translation>
    </message>
    <message>
        <source>Lower is preferred; backups have higher numbers</source>
        <translation>Lower is preferred; backups have higher numbers</translation>
    </message>
    <message>
        <source>Save offer</source>
        <translation>Save offer</translation>
    </message>
    <message>
        <source>An offer of the same supplier and SKU is updated</source>
        <translation>An offer of the same supplier and SKU is updated</translation>
    </message>
    <message>
        <source>Remove offer</source>
        <translation>Remove offer</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>Cost</translation>
    </message>
    <message>
        <source>Shipping</source>
        <translation>Shipping</translation>
    </message>
    <message>
        <source>Supplier</source>
        <translation>Supplier</translation>
    </message>
    <message>
        <source>Supplier product</source>
        <translation>Supplier product</translation>
    </message>
    <message>
        <source>Supplier SKU</source>
        <translation>Supplier SKU</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>Price</translation>
    </message>
    <message>
        <source>Supplier stock</source>
        <translation>Supplier stock</translation>
    </message>
    <message>
        <source>Ships to</source>
        <translation>Ships to</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>Priority</translation>
    </message>
    <message>
        <source>Products unavailable: %1</source>
        <translation>Products unavailable: %1</translation>
    </message>
    <message>
        <source>%1 (paused)</source>
        <translation>%1 (paused)</translation>
    </message>
    <message>
        <source>Offers for %1 — %2 (%3)</source>
        <translation>Offers for %1 — %2 (%3)</translation>
    </message>
    <message>
        <source>Select a variant to see and edit its offers.</source>
        <translation>Select a variant to see and edit its offers.</translation>
    </message>
    <message>
        <source>Currency: an ISO 4217 code such as EUR or USD.</source>
        <translation>Currency: an ISO 4217 code such as EUR or USD.</translation>
    </message>
    <message>
        <source>Add a supplier on the Suppliers page first.</source>
        <translation>Add a supplier on the Suppliers page first.</translation>
    </message>
    <message>
        <source>Give the supplier&apos;s product id.</source>
        <translation>Give the supplier&apos;s product id.</translation>
    </message>
    <message>
        <source>Ships to: &quot;%1&quot; is not a two-letter country code.</source>
        <translation>Ships to: &quot;%1&quot; is not a two-letter country code.</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>Not saved: %1</translation>
    </message>
    <message>
        <source>Offer saved.</source>
        <translation>Offer saved.</translation>
    </message>
    <message>
        <source>Select the offer to remove.</source>
        <translation>Select the offer to remove.</translation>
    </message>
    <message>
        <source>Not removed: %1</source>
        <translation>Not removed: %1</translation>
    </message>
    <message>
        <source>Offer removed.</source>
        <translation>Offer removed.</translation>
    </message>
    <message numerus="yes">
        <source>%1: a positive amount with at most %n decimal(s), such as 12.50.</source>
        <translation>
            <numerusform>%1: a positive amount with at most %n decimal, such as 12.50.</numerusform>
            <numerusform>%1: a positive amount with at most %n decimals, such as 12.50.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>dc::ui::ProfitabilityModel</name>
    <message>
        <source>Product %1</source>
        <translation>Product %1</translation>
    </message>
    <message>
        <source>Supplier %1</source>
        <translation>Supplier %1</translation>
    </message>
    <message>
        <source>(no longer in the catalog)</source>
        <translation>(no longer in the catalog)</translation>
    </message>
    <message>
        <source>Orders sent to a supplier, created in the period (an order of two products counts in each)</source>
        <translation>Orders sent to a supplier, created in the period (an order of two products counts in each)</translation>
    </message>
    <message>
        <source>What the customers paid, tax excluded; an order&apos;s revenue is shared between its lines by what each sold for</source>
        <translation>What the customers paid, tax excluded; an order&apos;s revenue is shared between its lines by what each sold for</translation>
    </message>
    <message>
        <source>What the supplier orders cost, as recorded when they were prepared</source>
        <translation>What the supplier orders cost, as recorded when they were prepared</translation>
    </message>
    <message>
        <source>Payment fees on what the customers paid (the settings&apos; fixed part and rate)</source>
        <translation>Payment fees on what the customers paid (the settings&apos; fixed part and rate)</translation>
    </message>
    <message>
        <source>Revenue less supplier cost, shipping and fees</source>
        <translation>Revenue less supplier cost, shipping and fees</translation>
    </message>
    <message>
        <source>Day (UTC)</source>
        <translation>Day (UTC)</translation>
    </message>
    <message>
        <source>Supplier</source>
        <translation>Supplier</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>Product</translation>
    </message>
    <message>
        <source>Currency</source>
        <translation>Currency</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>Orders</translation>
    </message>
    <message>
        <source>Units</source>
        <translation>Units</translation>
    </message>
    <message>
        <source>Revenue</source>
        <translation>Revenue</translation>
    </message>
    <message>
        <source>Supplier cost</source>
        <translation>Supplier cost</translation>
    </message>
    <message>
        <source>Shipping</source>
        <translation>Shipping</translation>
    </message>
    <message>
        <source>Fees</source>
        <translation>Fees</translation>
    </message>
    <message>
        <source>Margin</source>
        <translation>Margin</translation>
    </message>
    <message>
        <source>Margin %</source>
        <translation>Margin %</translation>
    </message>
</context>
<context>
    <name>dc::ui::ProfitabilityPage</name>
    <message>
        <source>Per product</source>
        <translation>Per product</translation>
    </message>
    <message>
        <source>Per supplier</source>
        <translation>Per supplier</translation>
    </message>
    <message>
        <source>Per day</source>
        <translation>Per day</translation>
    </message>
    <message>
        <source>Days in UTC; both days are included</source>
        <translation>Days in UTC; both days are included</translation>
    </message>
    <message>
        <source>Amounts are never added across currencies</source>
        <translation>Amounts are never added across currencies</translation>
    </message>
    <message>
        <source>All currencies</source>
        <translation>All currencies</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>Export CSV…</translation>
    </message>
    <message>
        <source>The rows as sorted here, amounts with a &apos;.&apos; decimal point</source>
        <translation>The rows as sorted here, amounts with a &apos;.&apos; decimal point</translation>
    </message>
    <message>
        <source>Orders sent to a supplier only; revenue is tax excluded.</source>
        <translation>Orders sent to a supplier only; revenue is tax excluded.</translation>
    </message>
    <message>
        <source>From</source>
        <translation>From</translation>
    </message>
    <message>
        <source>to</source>
        <translation>to</translation>
    </message>
    <message>
        <source>Report unavailable: %1</source>
        <translation>Report unavailable: %1</translation>
    </message>
    <message>
        <source>Only the first %1 rows are shown: choose fewer days or one currency.</source>
        <translation>Only the first %1 rows are shown: choose fewer days or one currency.</translation>
    </message>
    <message>
        <source>Total %1: %2 orders, %3 units, revenue %4, supplier cost %5, shipping %6, fees %7, margin %8 (%9)</source>
        <translation>Total %1: %2 orders, %3 units, revenue %4, supplier cost %5, shipping %6, fees %7, margin %8 (%9)</translation>
    </message>
    <message>
        <source>No order was sent to a supplier in this period.</source>
        <translation>No order was sent to a supplier in this period.</translation>
    </message>
    <message>
        <source>Export the profitability as CSV</source>
        <translation>Export the profitability as CSV</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV files (*.csv)</translation>
    </message>
    <message>
        <source>Not exported: %1</source>
        <translation>Not exported: %1</translation>
    </message>
    <message>
        <source>%1 rows exported to %2.</source>
        <translation>%1 rows exported to %2.</translation>
    </message>
</context>
<context>
    <name>dc::ui::RunsModel</name>
    <message>
        <source>Run</source>
        <translation>Run</translation>
    </message>
    <message>
        <source>State</source>
        <translation>State</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Started</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Duration</translation>
    </message>
    <message>
        <source>Failed step</source>
        <translation>Failed step</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Version</translation>
    </message>
</context>
<context>
    <name>dc::ui::RunsPage</name>
    <message>
        <source>Retry from the failed step</source>
        <translation>Retry from the failed step</translation>
    </message>
    <message>
        <source>Cancel run</source>
        <translation>Cancel run</translation>
    </message>
    <message>
        <source>Workflow:</source>
        <translation>Workflow:</translation>
    </message>
    <message>
        <source>Retrying.</source>
        <translation>Retrying.</translation>
    </message>
    <message>
        <source>Refused: %1</source>
        <translation>Refused: %1</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>Cancelled.</translation>
    </message>
    <message>
        <source>Run %1: %2</source>
        <translation>Run %1: %2</translation>
    </message>
    <message>
        <source>Input</source>
        <translation>Input</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>Output</translation>
    </message>
    <message>
        <source>Retry failed…</source>
        <translation>Retry failed…</translation>
    </message>
    <message>
        <source>Retry the failed runs of a workflow, of a step or since a time</source>
        <translation>Retry the failed runs of a workflow, of a step or since a time</translation>
    </message>
    <message numerus="yes">
        <source>Retried %n failed run(s).</source>
        <translation>
            <numerusform>Retried %n failed run.</numerusform>
            <numerusform>Retried %n failed runs.</numerusform>
        </translation>
    </message>
    <message>
        <source>Retried %1 failed runs; %2 skipped.</source>
        <translation>Retried %1 failed runs; %2 skipped.</translation>
    </message>
    <message>
        <source>Run %1 (version %2): %3</source>
        <translation>Run %1 (version %2): %3</translation>
    </message>
    <message>
        <source>attempt %1/%2</source>
        <translation>attempt %1/%2</translation>
    </message>
    <message>
        <source>attempt %1 of %2</source>
        <translation>attempt %1 of %2</translation>
    </message>
    <message>
        <source>next attempt at %1</source>
        <translation>next attempt at %1</translation>
    </message>
    <message>
        <source>timeout %1</source>
        <translation>timeout %1</translation>
    </message>
</context>
<context>
    <name>dc::ui::SettingsPage</name>
    <message>
        <source>unchanged when empty</source>
        <translation>unchanged when empty</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>Server</translation>
    </message>
    <message>
        <source>Shopify shops</source>
        <translation>Shopify shops</translation>
    </message>
    <message>
        <source>AliExpress</source>
        <translation>AliExpress</translation>
    </message>
    <message>
        <source>Language model</source>
        <translation>Language model</translation>
    </message>
    <message>
        <source>Users</source>
        <translation>Users</translation>
    </message>
    <message>
        <source>API address:</source>
        <translation>API address:</translation>
    </message>
    <message>
        <source>Server:</source>
        <translation>Server:</translation>
    </message>
    <message>
        <source>Data folder:</source>
        <translation>Data folder:</translation>
    </message>
    <message>
        <source>Secrets:</source>
        <translation>Secrets:</translation>
    </message>
    <message>
        <source>host:port; 0.0.0.0 serves other machines (then use TLS)</source>
        <translation>host:port; 0.0.0.0 serves other machines (then use TLS)</translation>
    </message>
    <message>
        <source>sqlite:///path/file.db or postgresql://user@host:5432/name; the password stays in the secret store</source>
        <translation>sqlite:///path/file.db or postgresql://user@host:5432/name; the password stays in the secret store</translation>
    </message>
    <message>
        <source>Listen address:</source>
        <translation>Listen address:</translation>
    </message>
    <message>
        <source>Database:</source>
        <translation>Database:</translation>
    </message>
    <message>
        <source>Save for the next start</source>
        <translation>Save for the next start</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>System language</translation>
    </message>
    <message>
        <source>The language changes at the next start.</source>
        <translation>The language changes at the next start.</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>Language:</translation>
    </message>
    <message>
        <source>Connect to another server…</source>
        <translation>Connect to another server…</translation>
    </message>
    <message>
        <source>Domain:</source>
        <translation>Domain:</translation>
    </message>
    <message>
        <source>Currency:</source>
        <translation>Currency:</translation>
    </message>
    <message>
        <source>Admin API access token:</source>
        <translation>Admin API access token:</translation>
    </message>
    <message>
        <source>Webhook signing secret:</source>
        <translation>Webhook signing secret:</translation>
    </message>
    <message>
        <source>Add or update the shop</source>
        <translation>Add or update the shop</translation>
    </message>
    <message>
        <source>Reconcile now</source>
        <translation>Reconcile now</translation>
    </message>
    <message>
        <source>Fetch the orders updated since the last sync, in case a webhook was missed</source>
        <translation>Fetch the orders updated since the last sync, in case a webhook was missed</translation>
    </message>
    <message>
        <source>Reconciliation of %1 started.</source>
        <translation>Reconciliation of %1 started.</translation>
    </message>
    <message>
        <source>Refused: %1</source>
        <translation>Refused: %1</translation>
    </message>
    <message>
        <source>required</source>
        <translation>required</translation>
    </message>
    <message>
        <source>App key:</source>
        <translation>App key:</translation>
    </message>
    <message>
        <source>App secret:</source>
        <translation>App secret:</translation>
    </message>
    <message>
        <source>Access token:</source>
        <translation>Access token:</translation>
    </message>
    <message>
        <source>Refresh token:</source>
        <translation>Refresh token:</translation>
    </message>
    <message>
        <source>Save the keys</source>
        <translation>Save the keys</translation>
    </message>
    <message>
        <source>empty: product texts from templates</source>
        <translation>empty: product texts from templates</translation>
    </message>
    <message>
        <source>Server URL (OpenAI-compatible):</source>
        <translation>Server URL (OpenAI-compatible):</translation>
    </message>
    <message>
        <source>Model:</source>
        <translation>Model:</translation>
    </message>
    <message>
        <source>API key:</source>
        <translation>API key:</translation>
    </message>
    <message>
        <source>Save the endpoint</source>
        <translation>Save the endpoint</translation>
    </message>
    <message>
        <source>user name</source>
        <translation>user name</translation>
    </message>
    <message>
        <source>password (12 characters or more)</source>
        <translation>password (12 characters or more)</translation>
    </message>
    <message>
        <source>Viewer (read only)</source>
        <translation>Viewer (read only)</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>Operator</translation>
    </message>
    <message>
        <source>Agent (remote agents)</source>
        <translation>Agent (remote agents)</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>Administrator</translation>
    </message>
    <message>
        <source>Add user</source>
        <translation>Add user</translation>
    </message>
    <message>
        <source>Give the selected user this role</source>
        <translation>Give the selected user this role</translation>
    </message>
    <message>
        <source>Set the selected user&apos;s password</source>
        <translation>Set the selected user&apos;s password</translation>
    </message>
    <message>
        <source>Disable / enable</source>
        <translation>Disable / enable</translation>
    </message>
    <message>
        <source>DropCrew %1 on %2, status %3</source>
        <translation>DropCrew %1 on %2, status %3</translation>
    </message>
    <message>
        <source>unreachable: %1</source>
        <translation>unreachable: %1</translation>
    </message>
    <message>
        <source>Configured. Access token valid until %1.</source>
        <translation>Configured. Access token valid until %1.</translation>
    </message>
    <message>
        <source>Not configured: supplier orders cannot be placed.</source>
        <translation>Not configured: supplier orders cannot be placed.</translation>
    </message>
    <message>
        <source>set here</source>
        <translation>set here</translation>
    </message>
    <message>
        <source>from the settings file</source>
        <translation>from the settings file</translation>
    </message>
    <message>
        <source>Product texts are written by %1 (%2); API key: %3.</source>
        <translation>Product texts are written by %1 (%2); API key: %3.</translation>
    </message>
    <message>
        <source>kept</source>
        <translation>kept</translation>
    </message>
    <message>
        <source>none</source>
        <translation>none</translation>
    </message>
    <message>
        <source>No model: product texts come from templates.</source>
        <translation>No model: product texts come from templates.</translation>
    </message>
    <message>
        <source>The shop&apos;s domain is needed.</source>
        <translation>The shop&apos;s domain is needed.</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>Not saved: %1</translation>
    </message>
    <message>
        <source>Shop %1 saved; its secrets are in the server&apos;s secret store.</source>
        <translation>Shop %1 saved; its secrets are in the server&apos;s secret store.</translation>
    </message>
    <message>
        <source>AliExpress keys saved in the server&apos;s secret store.</source>
        <translation>AliExpress keys saved in the server&apos;s secret store.</translation>
    </message>
    <message>
        <source>Language model endpoint saved.</source>
        <translation>Language model endpoint saved.</translation>
    </message>
    <message>
        <source>Listen address: %1</source>
        <translation>Listen address: %1</translation>
    </message>
    <message>
        <source>Database: %1</source>
        <translation>Database: %1</translation>
    </message>
    <message>
        <source>Saved to %1; used at the next start.</source>
        <translation>Saved to %1; used at the next start.</translation>
    </message>
    <message>
        <source>Cannot write %1.</source>
        <translation>Cannot write %1.</translation>
    </message>
    <message>
        <source>Not added: %1</source>
        <translation>Not added: %1</translation>
    </message>
    <message>
        <source>User %1 added.</source>
        <translation>User %1 added.</translation>
    </message>
    <message>
        <source>Select a user first.</source>
        <translation>Select a user first.</translation>
    </message>
    <message>
        <source>User %1 changed.</source>
        <translation>User %1 changed.</translation>
    </message>
    <message>
        <source> Last call %1: answered.</source>
        <translation> Last call %1: answered.</translation>
    </message>
    <message>
        <source> Last call %1 failed: %2</source>
        <translation> Last call %1 failed: %2</translation>
    </message>
    <message>
        <source>optional: Authorise… gets them</source>
        <translation>optional: Authorise… gets them</translation>
    </message>
    <message>
        <source>Not authorised: click Authorise… below; supplier orders cannot be placed.</source>
        <translation>Not authorised: click Authorise… below; supplier orders cannot be placed.</translation>
    </message>
    <message>
        <source>Configured. Access token valid until %1 (renewed ahead of time), renewable until %2.</source>
        <translation>Configured. Access token valid until %1 (renewed ahead of time), renewable until %2.</translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation>Follow the system</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>Light</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>Dark</translation>
    </message>
    <message>
        <source>Theme:</source>
        <translation>Theme:</translation>
    </message>
</context>
<context>
    <name>dc::ui::SetupAssistant</name>
    <message>
        <source>Administrator password</source>
        <translation>Administrator password</translation>
    </message>
    <message>
        <source>Shopify store</source>
        <translation>Shopify store</translation>
    </message>
    <message>
        <source>AliExpress account</source>
        <translation>AliExpress account</translation>
    </message>
    <message>
        <source>Product mapping</source>
        <translation>Product mapping</translation>
    </message>
    <message>
        <source>Test order</source>
        <translation>Test order</translation>
    </message>
    <message>
        <source>done</source>
        <translation>done</translation>
    </message>
    <message>
        <source>skipped</source>
        <translation>skipped</translation>
    </message>
    <message>
        <source>to do</source>
        <translation>to do</translation>
    </message>
    <message>
        <source>The administrator&apos;s password is the one generated at the first start: choose one of your own.</source>
        <translation>The administrator&apos;s password is the one generated at the first start: choose one of your own.</translation>
    </message>
    <message>
        <source>No administrator can sign in: every admin user is disabled.</source>
        <translation>No administrator can sign in: every admin user is disabled.</translation>
    </message>
    <message>
        <source>No Shopify store is connected.</source>
        <translation>No Shopify store is connected.</translation>
    </message>
    <message>
        <source>%1: no Admin API access token.</source>
        <translation>%1: no Admin API access token.</translation>
    </message>
    <message>
        <source>%1: the token&apos;s scopes have not been checked yet.</source>
        <translation>%1: the token&apos;s scopes have not been checked yet.</translation>
    </message>
    <message>
        <source>%1: the token lacks the scopes %2; grant them in the app&apos;s configuration and install it again.</source>
        <translation>%1: the token lacks the scopes %2; grant them in the app&apos;s configuration and install it again.</translation>
    </message>
    <message>
        <source>%1: Shopify refuses the token.</source>
        <translation>%1: Shopify refuses the token.</translation>
    </message>
    <message>
        <source>%1: no webhook secret (the app&apos;s client secret), so Shopify&apos;s webhooks would be refused.</source>
        <translation>%1: no webhook secret (the app&apos;s client secret), so Shopify&apos;s webhooks would be refused.</translation>
    </message>
    <message>
        <source>No AliExpress app key and secret.</source>
        <translation>No AliExpress app key and secret.</translation>
    </message>
    <message>
        <source>The seller has not authorised the app, or the authorisation has lapsed.</source>
        <translation>The seller has not authorised the app, or the authorisation has lapsed.</translation>
    </message>
    <message>
        <source>The catalog is empty: import the store&apos;s products.</source>
        <translation>The catalog is empty: import the store&apos;s products.</translation>
    </message>
    <message numerus="yes">
        <source>%1 of %2 variants have no AliExpress offer; %n order(s) wait for one.</source>
        <translation>
            <numerusform>%1 of %2 variants have no AliExpress offer; %n order waits for one.</numerusform>
            <numerusform>%1 of %2 variants have no AliExpress offer; %n orders wait for one.</numerusform>
        </translation>
    </message>
    <message>
        <source>No test order has been run.</source>
        <translation>No test order has been run.</translation>
    </message>
    <message>
        <source>The last test order failed: %1</source>
        <translation>The last test order failed: %1</translation>
    </message>
    <message>
        <source>Set up DropCrew</source>
        <translation>Set up DropCrew</translation>
    </message>
    <message>
        <source>What is missing</source>
        <translation>What is missing</translation>
    </message>
    <message>
        <source>Skip this step</source>
        <translation>Skip this step</translation>
    </message>
    <message>
        <source>Kept until you resume it; the assistant goes on without it.</source>
        <translation>Kept until you resume it; the assistant goes on without it.</translation>
    </message>
    <message>
        <source>Resume this step</source>
        <translation>Resume this step</translation>
    </message>
    <message>
        <source>Next step</source>
        <translation>Next step</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>The first start generated the administrator&apos;s password and showed it once. Choose one of your own: it signs in to this server from another computer and from `dropcrew setup`.</source>
        <translation>The first start generated the administrator&apos;s password and showed it once. Choose one of your own: it signs in to this server from another computer and from `dropcrew setup`.</translation>
    </message>
    <message>
        <source>New password (12 characters or more):</source>
        <translation>New password (12 characters or more):</translation>
    </message>
    <message>
        <source>The same again:</source>
        <translation>The same again:</translation>
    </message>
    <message>
        <source>Set the password</source>
        <translation>Set the password</translation>
    </message>
    <message>
        <source>The two passwords differ.</source>
        <translation>The two passwords differ.</translation>
    </message>
    <message>
        <source>There is no generated password to replace.</source>
        <translation>There is no generated password to replace.</translation>
    </message>
    <message>
        <source>Not changed: %1</source>
        <translation>Not changed: %1</translation>
    </message>
    <message>
        <source>Password changed.</source>
        <translation>Password changed.</translation>
    </message>
    <message>
        <source>In the store&apos;s admin, create a custom app (Settings, Apps, Develop apps), give it the Admin API scopes DropCrew needs and install it: paste its access token and client secret here. Without a public address, DropCrew asks Shopify every minute instead of receiving webhooks.</source>
        <translation>In the store&apos;s admin, create a custom app (Settings, Apps, Develop apps), give it the Admin API scopes DropCrew needs and install it: paste its access token and client secret here. Without a public address, DropCrew asks Shopify every minute instead of receiving webhooks.</translation>
    </message>
    <message>
        <source>https://… (empty: poll every minute)</source>
        <translation>https://… (empty: poll every minute)</translation>
    </message>
    <message>
        <source>Shop domain:</source>
        <translation>Shop domain:</translation>
    </message>
    <message>
        <source>Admin API access token:</source>
        <translation>Admin API access token:</translation>
    </message>
    <message>
        <source>Client secret (signs webhooks):</source>
        <translation>Client secret (signs webhooks):</translation>
    </message>
    <message>
        <source>Public address of this server:</source>
        <translation>Public address of this server:</translation>
    </message>
    <message>
        <source>Connect the store</source>
        <translation>Connect the store</translation>
    </message>
    <message>
        <source>Catalog:</source>
        <translation>Catalog:</translation>
    </message>
    <message>
        <source>The shop&apos;s domain is needed.</source>
        <translation>The shop&apos;s domain is needed.</translation>
    </message>
    <message>
        <source>Not connected: %1</source>
        <translation>Not connected: %1</translation>
    </message>
    <message>
        <source>Checking the token&apos;s scopes with Shopify…</source>
        <translation>Checking the token&apos;s scopes with Shopify…</translation>
    </message>
    <message>
        <source>%1 is connected.</source>
        <translation>%1 is connected.</translation>
    </message>
    <message>
        <source>Connected, but the scopes could not be checked: %1</source>
        <translation>Connected, but the scopes could not be checked: %1</translation>
    </message>
    <message>
        <source>In the AliExpress Open Platform console, the app&apos;s key and secret; then authorise the app with the seller&apos;s account in the browser.</source>
        <translation>In the AliExpress Open Platform console, the app&apos;s key and secret; then authorise the app with the seller&apos;s account in the browser.</translation>
    </message>
    <message>
        <source>App key:</source>
        <translation>App key:</translation>
    </message>
    <message>
        <source>App secret:</source>
        <translation>App secret:</translation>
    </message>
    <message>
        <source>Save the keys</source>
        <translation>Save the keys</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>Not saved: %1</translation>
    </message>
    <message>
        <source>Keys saved; now authorise the app.</source>
        <translation>Keys saved; now authorise the app.</translation>
    </message>
    <message>
        <source>Each variant of the store is bought from an AliExpress SKU. In the mapping view, paste an AliExpress product&apos;s address for a variant, check the SKU it suggests, its cost, stock and shipping, and map it; the orders waiting for it go on at once.</source>
        <translation>Each variant of the store is bought from an AliExpress SKU. In the mapping view, paste an AliExpress product&apos;s address for a variant, check the SKU it suggests, its cost, stock and shipping, and map it; the orders waiting for it go on at once.</translation>
    </message>
    <message>
        <source>Open the mapping view</source>
        <translation>Open the mapping view</translation>
    </message>
    <message>
        <source>A dry run of an order of the first mapped variant: the offer DropCrew would choose, the product, stock and shipping as AliExpress gives them now, and the margin. Nothing is bought.</source>
        <translation>A dry run of an order of the first mapped variant: the offer DropCrew would choose, the product, stock and shipping as AliExpress gives them now, and the margin. Nothing is bought.</translation>
    </message>
    <message>
        <source>FR (empty: where most orders go)</source>
        <translation>FR (empty: where most orders go)</translation>
    </message>
    <message>
        <source>Ship to (country code):</source>
        <translation>Ship to (country code):</translation>
    </message>
    <message>
        <source>Run the test order</source>
        <translation>Run the test order</translation>
    </message>
    <message>
        <source>Asking AliExpress…</source>
        <translation>Asking AliExpress…</translation>
    </message>
    <message>
        <source>No test order: %1</source>
        <translation>No test order: %1</translation>
    </message>
    <message>
        <source>%1 / %2 to %3</source>
        <translation>%1 / %2 to %3</translation>
    </message>
    <message>
        <source>A real order of this variant would go through. Nothing was bought.</source>
        <translation>A real order of this variant would go through. Nothing was bought.</translation>
    </message>
    <message>
        <source>A real order of this variant would not go through. Nothing was bought.</source>
        <translation>A real order of this variant would not go through. Nothing was bought.</translation>
    </message>
    <message>
        <source>The setup steps cannot be read: %1</source>
        <translation>The setup steps cannot be read: %1</translation>
    </message>
    <message>
        <source>Nothing: this step is done.</source>
        <translation>Nothing: this step is done.</translation>
    </message>
    <message>
        <source>%1 variants in the catalog, %2 without an offer.</source>
        <translation>%1 variants in the catalog, %2 without an offer.</translation>
    </message>
    <message>
        <source>Skipped; resume it whenever you like.</source>
        <translation>Skipped; resume it whenever you like.</translation>
    </message>
    <message>
        <source>Resumed.</source>
        <translation>Resumed.</translation>
    </message>
</context>
<context>
    <name>dc::ui::ShopImportBar</name>
    <message>
        <source>Import from Shopify</source>
        <translation>Import from Shopify</translation>
    </message>
    <message>
        <source>Every product and variant of the shop, then its open unfulfilled orders of the last 30 days; running it again changes only what changed in Shopify</source>
        <translation>Every product and variant of the shop, then its open unfulfilled orders of the last 30 days; running it again changes only what changed in Shopify</translation>
    </message>
    <message>
        <source>Importing from %1…</source>
        <translation>Importing from %1…</translation>
    </message>
    <message>
        <source>Import not started: %1</source>
        <translation>Import not started: %1</translation>
    </message>
    <message>
        <source>Import interrupted, trying again: %1</source>
        <translation>Import interrupted, trying again: %1</translation>
    </message>
    <message>
        <source>Importing…</source>
        <translation>Importing…</translation>
    </message>
    <message>
        <source>Import cancelled.</source>
        <translation>Import cancelled.</translation>
    </message>
    <message>
        <source>Import failed: %1</source>
        <translation>Import failed: %1</translation>
    </message>
    <message numerus="yes">
        <source>Imported %n product(s) (%1 new, %2 changed); open orders: %3.</source>
        <translation>
            <numerusform>Imported %n product (%1 new, %2 changed); open orders: %3.</numerusform>
            <numerusform>Imported %n products (%1 new, %2 changed); open orders: %3.</numerusform>
        </translation>
    </message>
    <message>
        <source>Only an administrator sees the shops to import from</source>
        <translation>Only an administrator sees the shops to import from</translation>
    </message>
    <message>
        <source>Shops unavailable: %1</source>
        <translation>Shops unavailable: %1</translation>
    </message>
    <message>
        <source>Connect a shop in Settings first</source>
        <translation>Connect a shop in Settings first</translation>
    </message>
</context>
<context>
    <name>dc::ui::ShopsModel</name>
    <message>
        <source>Active</source>
        <translation>Active</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>Paused</translation>
    </message>
    <message>
        <source>not checked yet</source>
        <translation>not checked yet</translation>
    </message>
    <message>
        <source>webhook secret</source>
        <translation>webhook secret</translation>
    </message>
    <message>
        <source>access token</source>
        <translation>access token</translation>
    </message>
    <message>
        <source>none</source>
        <translation>none</translation>
    </message>
    <message>
        <source>Shop</source>
        <translation>Shop</translation>
    </message>
    <message>
        <source>Currency</source>
        <translation>Currency</translation>
    </message>
    <message>
        <source>State</source>
        <translation>State</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>Connection</translation>
    </message>
    <message>
        <source>Last reconciled</source>
        <translation>Last reconciled</translation>
    </message>
    <message>
        <source>Secrets kept</source>
        <translation>Secrets kept</translation>
    </message>
</context>
<context>
    <name>dc::ui::SkusModel</name>
    <message>
        <source>The SKU whose attributes match the variant&apos;s options</source>
        <translation>The SKU whose attributes match the variant&apos;s options</translation>
    </message>
    <message>
        <source>AliExpress SKU</source>
        <translation>AliExpress SKU</translation>
    </message>
    <message>
        <source>Attributes</source>
        <translation>Attributes</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>Cost</translation>
    </message>
    <message>
        <source>Stock</source>
        <translation>Stock</translation>
    </message>
</context>
<context>
    <name>dc::ui::State</name>
    <message>
        <source>Pending</source>
        <translation>Pending</translation>
    </message>
    <message>
        <source>Queued</source>
        <translation>Queued</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>Running</translation>
    </message>
    <message>
        <source>Succeeded</source>
        <translation>Succeeded</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Failed</translation>
    </message>
    <message>
        <source>Skipped</source>
        <translation>Skipped</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Cancelled</translation>
    </message>
    <message>
        <source>Dead</source>
        <translation>Dead</translation>
    </message>
    <message>
        <source>Retrying</source>
        <translation>Retrying</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>Validated</source>
        <translation>Validated</translation>
    </message>
    <message>
        <source>On hold</source>
        <translation>On hold</translation>
    </message>
    <message>
        <source>Ordered from supplier</source>
        <translation>Ordered from supplier</translation>
    </message>
    <message>
        <source>Shipped</source>
        <translation>Shipped</translation>
    </message>
    <message>
        <source>Delivered</source>
        <translation>Delivered</translation>
    </message>
    <message>
        <source>Refunded</source>
        <translation>Refunded</translation>
    </message>
    <message>
        <source>Prepared</source>
        <translation>Prepared</translation>
    </message>
    <message>
        <source>Submitting</source>
        <translation>Submitting</translation>
    </message>
    <message>
        <source>Placed</source>
        <translation>Placed</translation>
    </message>
    <message>
        <source>Payment failed</source>
        <translation>Payment failed</translation>
    </message>
    <message>
        <source>In transit</source>
        <translation>In transit</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>Closed</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>Acknowledged</source>
        <translation>Acknowledged</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Active</translation>
    </message>
    <message>
        <source>Revoked</source>
        <translation>Revoked</translation>
    </message>
    <message>
        <source>Critical</source>
        <translation>Critical</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>Warning</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Done</translation>
    </message>
</context>
<context>
    <name>dc::ui::SuppliersModel</name>
    <message>
        <source>Active</source>
        <translation>Active</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>Paused</translation>
    </message>
    <message>
        <source>Supplier</source>
        <translation>Supplier</translation>
    </message>
    <message>
        <source>Platform</source>
        <translation>Platform</translation>
    </message>
    <message>
        <source>State</source>
        <translation>State</translation>
    </message>
    <message>
        <source>Offers</source>
        <translation>Offers</translation>
    </message>
    <message>
        <source>Orders (30 days)</source>
        <translation>Orders (30 days)</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Failed</translation>
    </message>
    <message>
        <source>Hours to ship</source>
        <translation>Hours to ship</translation>
    </message>
    <message>
        <source>Last order</source>
        <translation>Last order</translation>
    </message>
    <message>
        <source>Not scored yet: %1 supplier orders so far, %2 needed.</source>
        <translation>Not scored yet: %1 supplier orders so far, %2 needed.</translation>
    </message>
    <message>
        <source>Score %1 of 100: %2 supplier orders, %3 failed (%4 %), median delivery %5 days.</source>
        <translation>Score %1 of 100: %2 supplier orders, %3 failed (%4 %), median delivery %5 days.</translation>
    </message>
    <message>
        <source>No delivery recorded yet.</source>
        <translation>No delivery recorded yet.</translation>
    </message>
    <message>
        <source>Half the deliveries took at most %1 days, 9 in 10 at most %2 days (%3 deliveries).</source>
        <translation>Half the deliveries took at most %1 days, 9 in 10 at most %2 days (%3 deliveries).</translation>
    </message>
    <message>
        <source>The Data Analyzer&apos;s score, 0 to 100, over all the supplier&apos;s orders: 100 less the share of its supplier orders that failed, less 2 points for each day its median delivery takes beyond 10 days. A supplier with fewer orders than the minimum (min_orders_for_score) is not scored yet.</source>
        <translation>The Data Analyzer&apos;s score, 0 to 100, over all the supplier&apos;s orders: 100 less the share of its supplier orders that failed, less 2 points for each day its median delivery takes beyond 10 days. A supplier with fewer orders than the minimum (min_orders_for_score) is not scored yet.</translation>
    </message>
    <message>
        <source>Median days from the supplier order&apos;s placing to its delivery, over the supplier&apos;s latest 1000 deliveries: what an order from this supplier is expected to take.</source>
        <translation>Median days from the supplier order&apos;s placing to its delivery, over the supplier&apos;s latest 1000 deliveries: what an order from this supplier is expected to take.</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>Score</translation>
    </message>
    <message>
        <source>Delivery days</source>
        <translation>Delivery days</translation>
    </message>
</context>
<context>
    <name>dc::ui::SuppliersPage</name>
    <message>
        <source>New supplier&apos;s name</source>
        <translation>New supplier&apos;s name</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Add</translation>
    </message>
    <message>
        <source>Pause / resume</source>
        <translation>Pause / resume</translation>
    </message>
    <message>
        <source>A paused supplier gets no new orders; its open orders continue</source>
        <translation>A paused supplier gets no new orders; its open orders continue</translation>
    </message>
    <message>
        <source>Suppliers unavailable: %1</source>
        <translation>Suppliers unavailable: %1</translation>
    </message>
    <message>
        <source>Give the supplier a name.</source>
        <translation>Give the supplier a name.</translation>
    </message>
    <message>
        <source>Not added: %1</source>
        <translation>Not added: %1</translation>
    </message>
    <message>
        <source>Supplier %1 added.</source>
        <translation>Supplier %1 added.</translation>
    </message>
    <message>
        <source>Refused: %1</source>
        <translation>Refused: %1</translation>
    </message>
    <message>
        <source>%1 resumed.</source>
        <translation>%1 resumed.</translation>
    </message>
    <message>
        <source>%1 paused.</source>
        <translation>%1 paused.</translation>
    </message>
</context>
<context>
    <name>dc::ui::TasksModel</name>
    <message>
        <source>Task</source>
        <translation>Task</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>State</source>
        <translation>State</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>Priority</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>Attempts</translation>
    </message>
    <message>
        <source>Next run</source>
        <translation>Next run</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Error</translation>
    </message>
</context>
<context>
    <name>dc::ui::TasksPage</name>
    <message>
        <source>Queued</source>
        <translation>Queued</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>Running</translation>
    </message>
    <message>
        <source>Dead letters</source>
        <translation>Dead letters</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Failed</translation>
    </message>
    <message>
        <source>Succeeded</source>
        <translation>Succeeded</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Cancelled</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Retry</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Refused: %1</source>
        <translation>Refused: %1</translation>
    </message>
</context>
<context>
    <name>dc::ui::UnmappedModel</name>
    <message>
        <source>Product</source>
        <translation>Product</translation>
    </message>
    <message>
        <source>Variant</source>
        <translation>Variant</translation>
    </message>
    <message>
        <source>SKU</source>
        <translation>SKU</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>Price</translation>
    </message>
    <message>
        <source>Orders waiting</source>
        <translation>Orders waiting</translation>
    </message>
</context>
<context>
    <name>dc::ui::UsersModel</name>
    <message>
        <source>Disabled</source>
        <translation>Disabled</translation>
    </message>
    <message>
        <source>Enabled</source>
        <translation>Enabled</translation>
    </message>
    <message>
        <source>User</source>
        <translation>User</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>State</source>
        <translation>State</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Created</translation>
    </message>
</context>
<context>
    <name>dc::ui::VersionsModel</name>
    <message>
        <source>Version %1, saved by %2 at %3 (UTC); SHA-256 %4</source>
        <translation>Version %1, saved by %2 at %3 (UTC); SHA-256 %4</translation>
    </message>
    <message>
        <source>%1 (current)</source>
        <translation>%1 (current)</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>Saved by</source>
        <translation>Saved by</translation>
    </message>
    <message>
        <source>Saved at</source>
        <translation>Saved at</translation>
    </message>
</context>
<context>
    <name>dc::ui::WorkflowEditor</name>
    <message>
        <source>Open a workflow (a shipped one is the start of a new one)</source>
        <translation>Open a workflow (a shipped one is the start of a new one)</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>New from this</source>
        <translation>New from this</translation>
    </message>
    <message>
        <source>workflow name</source>
        <translation>workflow name</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>Undo</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>Redo</translation>
    </message>
    <message>
        <source>Add step</source>
        <translation>Add step</translation>
    </message>
    <message>
        <source>Delete step</source>
        <translation>Delete step</translation>
    </message>
    <message>
        <source>Arrange</source>
        <translation>Arrange</translation>
    </message>
    <message>
        <source>Rename the workflow</source>
        <translation>Rename the workflow</translation>
    </message>
    <message>
        <source>JSON, templates allowed: {&quot;order_id&quot;: &quot;{{ trigger.data.order_id }}&quot;}</source>
        <translation>JSON, templates allowed: {&quot;order_id&quot;: &quot;{{ trigger.data.order_id }}&quot;}</translation>
    </message>
    <message>
        <source>expression; empty: always</source>
        <translation>expression; empty: always</translation>
    </message>
    <message>
        <source>exponential</source>
        <translation>exponential</translation>
    </message>
    <message>
        <source>fixed</source>
        <translation>fixed</translation>
    </message>
    <message>
        <source>Step:</source>
        <translation>Step:</translation>
    </message>
    <message>
        <source>Agent:</source>
        <translation>Agent:</translation>
    </message>
    <message>
        <source>Action:</source>
        <translation>Action:</translation>
    </message>
    <message>
        <source>Input:</source>
        <translation>Input:</translation>
    </message>
    <message>
        <source>When:</source>
        <translation>When:</translation>
    </message>
    <message>
        <source>Attempts:</source>
        <translation>Attempts:</translation>
    </message>
    <message>
        <source>Backoff:</source>
        <translation>Backoff:</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>Apply</translation>
    </message>
    <message>
        <source>Cannot read it: %1</source>
        <translation>Cannot read it: %1</translation>
    </message>
    <message>
        <source>Cannot open %1: %2</source>
        <translation>Cannot open %1: %2</translation>
    </message>
    <message>
        <source>Saved %1.</source>
        <translation>Saved %1.</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>Not saved: %1</translation>
    </message>
    <message>
        <source>Add step %1</source>
        <translation>Add step %1</translation>
    </message>
    <message>
        <source>Delete step %1</source>
        <translation>Delete step %1</translation>
    </message>
    <message>
        <source>%1 depends on %2</source>
        <translation>%1 depends on %2</translation>
    </message>
    <message>
        <source>Edit %1 of %2</source>
        <translation>Edit %1 of %2</translation>
    </message>
    <message>
        <source>Input is not valid JSON (at character %1): %2</source>
        <translation>Input is not valid JSON (at character %1): %2</translation>
    </message>
    <message>
        <source>Edit step %1</source>
        <translation>Edit step %1</translation>
    </message>
    <message>
        <source>Valid.</source>
        <translation>Valid.</translation>
    </message>
    <message numerus="yes">
        <source>%n problem(s).</source>
        <translation>
            <numerusform>%n problem.</numerusform>
            <numerusform>%n problems.</numerusform>
        </translation>
    </message>
    <message>
        <source>Versions…</source>
        <translation>Versions…</translation>
    </message>
    <message>
        <source>Every saved version of this workflow: who saved it and when, two side by side, restore one</source>
        <translation>Every saved version of this workflow: who saved it and when, two side by side, restore one</translation>
    </message>
    <message>
        <source>Dry run…</source>
        <translation>Dry run…</translation>
    </message>
    <message>
        <source>Try the definition as it is in the editor, saved or not</source>
        <translation>Try the definition as it is in the editor, saved or not</translation>
    </message>
    <message>
        <source>Copy step</source>
        <translation>Copy step</translation>
    </message>
    <message>
        <source>Paste step</source>
        <translation>Paste step</translation>
    </message>
    <message>
        <source>Select a step to copy.</source>
        <translation>Select a step to copy.</translation>
    </message>
    <message>
        <source>Workflow</source>
        <translation>Workflow</translation>
    </message>
    <message>
        <source>Click a step in the graph to edit it.</source>
        <translation>Click a step in the graph to edit it.</translation>
    </message>
    <message>
        <source>what the workflow does, in one line</source>
        <translation>what the workflow does, in one line</translation>
    </message>
    <message>
        <source>Description:</source>
        <translation>Description:</translation>
    </message>
    <message>
        <source>An event</source>
        <translation>An event</translation>
    </message>
    <message>
        <source>A schedule</source>
        <translation>A schedule</translation>
    </message>
    <message>
        <source>Only by hand</source>
        <translation>Only by hand</translation>
    </message>
    <message>
        <source>Every workflow can also be started by hand (the API, the dashboard)</source>
        <translation>Every workflow can also be started by hand (the API, the dashboard)</translation>
    </message>
    <message>
        <source>Started by:</source>
        <translation>Started by:</translation>
    </message>
    <message>
        <source>a topic, such as order.created</source>
        <translation>a topic, such as order.created</translation>
    </message>
    <message>
        <source>The event&apos;s topic; patterns (order.*) and several topics separated by commas work too</source>
        <translation>The event&apos;s topic; patterns (order.*) and several topics separated by commas work too</translation>
    </message>
    <message>
        <source>Event:</source>
        <translation>Event:</translation>
    </message>
    <message>
        <source>default: the event&apos;s key</source>
        <translation>default: the event&apos;s key</translation>
    </message>
    <message>
        <source>One run per key, a template: order:{{ trigger.data.order_id }}</source>
        <translation>One run per key, a template: order:{{ trigger.data.order_id }}</translation>
    </message>
    <message>
        <source>Run key:</source>
        <translation>Run key:</translation>
    </message>
    <message>
        <source>every event</source>
        <translation>every event</translation>
    </message>
    <message>
        <source>Only events for which this condition holds start a run: data.total_amount &gt;= 10000 and data.country == &quot;FR&quot;</source>
        <translation>Only events for which this condition holds start a run: data.total_amount &gt;= 10000 and data.country == &quot;FR&quot;</translation>
    </message>
    <message>
        <source>Filter:</source>
        <translation>Filter:</translation>
    </message>
    <message>
        <source>15 6 * * * (every day at 6:15)</source>
        <translation>15 6 * * * (every day at 6:15)</translation>
    </message>
    <message>
        <source>Five fields: minute hour day-of-month month weekday (*, N, A-B, */S, lists, month and weekday names)</source>
        <translation>Five fields: minute hour day-of-month month weekday (*, N, A-B, */S, lists, month and weekday names)</translation>
    </message>
    <message>
        <source>Cron:</source>
        <translation>Cron:</translation>
    </message>
    <message>
        <source>Time zone:</source>
        <translation>Time zone:</translation>
    </message>
    <message>
        <source>one run on start</source>
        <translation>one run on start</translation>
    </message>
    <message>
        <source>skip them</source>
        <translation>skip them</translation>
    </message>
    <message>
        <source>Times missed while the app was closed</source>
        <translation>Times missed while the app was closed</translation>
    </message>
    <message>
        <source>Missed runs:</source>
        <translation>Missed runs:</translation>
    </message>
    <message>
        <source>Runs start only when asked: from the API or the dashboard.</source>
        <translation>Runs start only when asked: from the API or the dashboard.</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Step</translation>
    </message>
    <message>
        <source>‹ Workflow settings</source>
        <translation>‹ Workflow settings</translation>
    </message>
    <message>
        <source>The workflow&apos;s description and trigger (or click the graph&apos;s background)</source>
        <translation>The workflow&apos;s description and trigger (or click the graph&apos;s background)</translation>
    </message>
    <message>
        <source>a list; empty: run once</source>
        <translation>a list; empty: run once</translation>
    </message>
    <message>
        <source>Runs the step once per item of a list (trigger.data.line_items); templates read the item as item</source>
        <translation>Runs the step once per item of a list (trigger.data.line_items); templates read the item as item</translation>
    </message>
    <message>
        <source>When the step fails for good (after its attempts)</source>
        <translation>When the step fails for good (after its attempts)</translation>
    </message>
    <message>
        <source>none (500ms, 30s, 5m, 2h)</source>
        <translation>none (500ms, 30s, 5m, 2h)</translation>
    </message>
    <message>
        <source>1s (500ms, 30s, 5m, 2h)</source>
        <translation>1s (500ms, 30s, 5m, 2h)</translation>
    </message>
    <message>
        <source>The wait before the first retry (doubled each time when the backoff is exponential)</source>
        <translation>The wait before the first retry (doubled each time when the backoff is exponential)</translation>
    </message>
    <message>
        <source>The steps this one waits for. To add one, drag from a step&apos;s port to this step in the graph.</source>
        <translation>The steps this one waits for. To add one, drag from a step&apos;s port to this step in the graph.</translation>
    </message>
    <message>
        <source>Remove dependency</source>
        <translation>Remove dependency</translation>
    </message>
    <message>
        <source>For each:</source>
        <translation>For each:</translation>
    </message>
    <message>
        <source>On error:</source>
        <translation>On error:</translation>
    </message>
    <message>
        <source>Timeout:</source>
        <translation>Timeout:</translation>
    </message>
    <message>
        <source>Retry delay:</source>
        <translation>Retry delay:</translation>
    </message>
    <message>
        <source>Depends on:</source>
        <translation>Depends on:</translation>
    </message>
    <message>
        <source>%1 no longer depends on %2</source>
        <translation>%1 no longer depends on %2</translation>
    </message>
    <message>
        <source>%1 still reads %2 in a template, so it still waits for it (the dashed edge).</source>
        <translation>%1 still reads %2 in a template, so it still waits for it (the dashed edge).</translation>
    </message>
    <message>
        <source>Copied step %1.</source>
        <translation>Copied step %1.</translation>
    </message>
    <message>
        <source>The clipboard holds no step: copy one first.</source>
        <translation>The clipboard holds no step: copy one first.</translation>
    </message>
    <message>
        <source>Paste step %1</source>
        <translation>Paste step %1</translation>
    </message>
    <message>
        <source>Pasted step %1.</source>
        <translation>Pasted step %1.</translation>
    </message>
    <message>
        <source>fail the run</source>
        <translation>fail the run</translation>
    </message>
    <message>
        <source>continue the run</source>
        <translation>continue the run</translation>
    </message>
    <message>
        <source>run %1 to recover</source>
        <translation>run %1 to recover</translation>
    </message>
    <message>
        <source>%1 (read by a template)</source>
        <translation>%1 (read by a template)</translation>
    </message>
    <message>
        <source>This step reads %1&apos;s output, status or error, so it waits for it. Remove the reference to remove the dependency.</source>
        <translation>This step reads %1&apos;s output, status or error, so it waits for it. Remove the reference to remove the dependency.</translation>
    </message>
    <message>
        <source>Timeout: &quot;%1&quot; is not a duration. Write a whole number followed by ms, s, m or h (500ms, 30s, 5m, 2h), or nothing for no timeout.</source>
        <translation>Timeout: &quot;%1&quot; is not a duration. Write a whole number followed by ms, s, m or h (500ms, 30s, 5m, 2h), or nothing for no timeout.</translation>
    </message>
    <message>
        <source>Retry delay: &quot;%1&quot; is not a duration. Write a whole number followed by ms, s, m or h (500ms, 30s, 5m, 2h), or nothing for 1s.</source>
        <translation>Retry delay: &quot;%1&quot; is not a duration. Write a whole number followed by ms, s, m or h (500ms, 30s, 5m, 2h), or nothing for 1s.</translation>
    </message>
    <message>
        <source>Edit the workflow&apos;s settings</source>
        <translation>Edit the workflow&apos;s settings</translation>
    </message>
    <message>
        <source>Five fields: minute hour day-of-month month weekday.</source>
        <translation>Five fields: minute hour day-of-month month weekday.</translation>
    </message>
    <message>
        <source>Not a schedule: %1</source>
        <translation>Not a schedule: %1</translation>
    </message>
    <message>
        <source>Next run: %1 (%2)</source>
        <translation>Next run: %1 (%2)</translation>
    </message>
    <message>
        <source>It never runs in the next five years.</source>
        <translation>It never runs in the next five years.</translation>
    </message>
</context>
<context>
    <name>dc::ui::WorkflowVersionsDialog</name>
    <message>
        <source>Versions of %1</source>
        <translation>Versions of %1</translation>
    </message>
    <message>
        <source>Choose one version to compare it with the current one, or two to compare them with each other</source>
        <translation>Choose one version to compare it with the current one, or two to compare them with each other</translation>
    </message>
    <message>
        <source>Restore this version</source>
        <translation>Restore this version</translation>
    </message>
    <message>
        <source>Save the chosen version&apos;s text again, as the newest version</source>
        <translation>Save the chosen version&apos;s text again, as the newest version</translation>
    </message>
    <message>
        <source>Restore a version</source>
        <translation>Restore a version</translation>
    </message>
    <message>
        <source>%1 has no saved version yet.</source>
        <translation>%1 has no saved version yet.</translation>
    </message>
    <message>
        <source>Cannot list the versions: %1</source>
        <translation>Cannot list the versions: %1</translation>
    </message>
    <message>
        <source>Cannot read version %1: %2</source>
        <translation>Cannot read version %1: %2</translation>
    </message>
    <message>
        <source>Version %1</source>
        <translation>Version %1</translation>
    </message>
    <message>
        <source>Version %1 · %2 · %3</source>
        <translation>Version %1 · %2 · %3</translation>
    </message>
    <message>
        <source>%1 (lines removed: %2, added: %3)</source>
        <translation>%1 (lines removed: %2, added: %3)</translation>
    </message>
    <message>
        <source>Restore version %1 of %2? Its text is saved again as the newest version; runs started from now on use it, and the editor shows it (changes not saved there are dropped).</source>
        <translation>Restore version %1 of %2? Its text is saved again as the newest version; runs started from now on use it, and the editor shows it (changes not saved there are dropped).</translation>
    </message>
    <message>
        <source>Not restored: %1</source>
        <translation>Not restored: %1</translation>
    </message>
    <message>
        <source>Version %1 restored as version %2.</source>
        <translation>Version %1 restored as version %2.</translation>
    </message>
</context>
</TS>
