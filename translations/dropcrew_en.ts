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
    <name>dc::ui::MainWindow</name>
    <message>
        <source>DropCrew</source>
        <translation>DropCrew</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>Overview</translation>
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
        <source>Version:</source>
        <translation>Version:</translation>
    </message>
    <message>
        <source>API address:</source>
        <translation>API address:</translation>
    </message>
    <message>
        <source>Database:</source>
        <translation>Database:</translation>
    </message>
    <message>
        <source>Schema version:</source>
        <translation>Schema version:</translation>
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
</context>
<context>
    <name>dc::ui::OrdersModel</name>
    <message>
        <source>On hold: %1</source>
        <translation>On hold: %1</translation>
    </message>
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
        <source>Failed</source>
        <translation>Failed</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Cancelled</translation>
    </message>
    <message>
        <source>Refunded</source>
        <translation>Refunded</translation>
    </message>
    <message>
        <source>Received</source>
        <comment>column header: when the order arrived</comment>
        <translation>Received</translation>
    </message>
</context>
<context>
    <name>dc::ui::OrdersPage</name>
    <message>
        <source>All statuses</source>
        <translation>All statuses</translation>
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
        <source>Failed</source>
        <translation>Failed</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Cancelled</translation>
    </message>
    <message>
        <source>Refunded</source>
        <translation>Refunded</translation>
    </message>
    <message>
        <source>Shop</source>
        <translation>Shop</translation>
    </message>
    <message>
        <source>Search: order, product, SKU</source>
        <translation>Search: order, product, SKU</translation>
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
        <source>State</source>
        <translation>State</translation>
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
        <source>Error</source>
        <translation>Error</translation>
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
</context>
</TS>
