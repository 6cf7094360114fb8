<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr">
<context>
    <name>QObject</name>
    <message>
        <source>Drag to a step that depends on this one</source>
        <translation>Glisser vers une étape qui dépend de celle-ci</translation>
    </message>
    <message>
        <source>%1 uses the output of %2 (implied)</source>
        <translation>%1 utilise le résultat de %2 (implicite)</translation>
    </message>
    <message>
        <source>%1 depends on %2</source>
        <translation>%1 dépend de %2</translation>
    </message>
</context>
<context>
    <name>dc::ui::AlertsModel</name>
    <message>
        <source>Critical</source>
        <translation>Critique</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>Avertissement</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Ouverte</translation>
    </message>
    <message>
        <source>Acknowledged by %1</source>
        <translation>Acquittée par %1</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>Gravité</translation>
    </message>
    <message>
        <source>Alert</source>
        <translation>Alerte</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>Règle</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <source>Raised</source>
        <translation>Levée</translation>
    </message>
    <message>
        <source>State</source>
        <translation>État</translation>
    </message>
</context>
<context>
    <name>dc::ui::AlertsPage</name>
    <message>
        <source>Open</source>
        <translation>Ouvertes</translation>
    </message>
    <message>
        <source>Acknowledged</source>
        <translation>Acquittées</translation>
    </message>
    <message>
        <source>All</source>
        <translation>Toutes</translation>
    </message>
    <message>
        <source>Acknowledge</source>
        <translation>Acquitter</translation>
    </message>
    <message>
        <source>Refused: %1</source>
        <translation>Refusé : %1</translation>
    </message>
    <message numerus="yes">
        <source>%n open alert(s)</source>
        <translation>
            <numerusform>%n alerte ouverte</numerusform>
            <numerusform>%n alertes ouvertes</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>dc::ui::AliExpressAuthorisation</name>
    <message>
        <source>The callback URL set in the app&apos;s AliExpress console. An address on this computer (127.0.0.1) is caught here; with any other, paste the code the browser is sent back with.</source>
        <translation>L&apos;URL de rappel définie dans la console AliExpress de l&apos;application. Une adresse sur cet ordinateur (127.0.0.1) est interceptée ici ; avec une autre, collez le code avec lequel le navigateur est renvoyé.</translation>
    </message>
    <message>
        <source>Authorise…</source>
        <translation>Autoriser…</translation>
    </message>
    <message>
        <source>the code, or the whole address the browser was sent to</source>
        <translation>le code, ou l&apos;adresse entière vers laquelle le navigateur a été renvoyé</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>Connecter</translation>
    </message>
    <message>
        <source>Callback URL:</source>
        <translation>URL de rappel :</translation>
    </message>
    <message>
        <source>Code:</source>
        <translation>Code :</translation>
    </message>
    <message>
        <source>Cannot authorise: %1</source>
        <translation>Autorisation impossible : %1</translation>
    </message>
    <message>
        <source>Open this address in a browser: %1</source>
        <translation>Ouvrez cette adresse dans un navigateur : %1</translation>
    </message>
    <message>
        <source>Grant access in the browser: DropCrew takes the answer itself.</source>
        <translation>Accordez l&apos;accès dans le navigateur : DropCrew récupère lui-même la réponse.</translation>
    </message>
    <message>
        <source>Grant access in the browser, then paste the code it is sent back with.</source>
        <translation>Accordez l&apos;accès dans le navigateur, puis collez le code avec lequel il est renvoyé.</translation>
    </message>
    <message>
        <source>Paste the code first.</source>
        <translation>Collez d&apos;abord le code.</translation>
    </message>
    <message>
        <source>Click Authorise… first: the code must answer this computer&apos;s request.</source>
        <translation>Cliquez d&apos;abord sur Autoriser… : le code doit répondre à la demande de cet ordinateur.</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Connexion…</translation>
    </message>
    <message>
        <source>Not connected: %1</source>
        <translation>Non connecté : %1</translation>
    </message>
    <message>
        <source>AliExpress authorised; the tokens are in the server&apos;s secret store.</source>
        <translation>AliExpress autorisé ; les jetons sont dans le coffre de secrets du serveur.</translation>
    </message>
</context>
<context>
    <name>dc::ui::ApiClient</name>
    <message>
        <source>the session has expired: log in again</source>
        <translation>la session a expiré : reconnectez-vous</translation>
    </message>
    <message>
        <source>the server cannot be reached: %1</source>
        <translation>le serveur est injoignable : %1</translation>
    </message>
    <message>
        <source>HTTP status %1</source>
        <translation>statut HTTP %1</translation>
    </message>
</context>
<context>
    <name>dc::ui::BulkRetryDialog</name>
    <message>
        <source>Retry failed runs</source>
        <translation>Reprendre les exécutions en échec</translation>
    </message>
    <message>
        <source>Any workflow</source>
        <translation>Tous les workflows</translation>
    </message>
    <message>
        <source>Any step</source>
        <translation>Toutes les étapes</translation>
    </message>
    <message>
        <source>Failed since</source>
        <translation>En échec depuis</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Reprendre</translation>
    </message>
    <message>
        <source>Workflow:</source>
        <translation>Workflow :</translation>
    </message>
    <message>
        <source>Failed step:</source>
        <translation>Étape en échec :</translation>
    </message>
    <message>
        <source>Choose a workflow, a step or a time.</source>
        <translation>Choisissez un workflow, une étape ou une date.</translation>
    </message>
    <message>
        <source>Counting…</source>
        <translation>Décompte…</translation>
    </message>
    <message>
        <source>Refused: %1</source>
        <translation>Refusé : %1</translation>
    </message>
    <message numerus="yes">
        <source>%n failed run(s) match.</source>
        <translation>
            <numerusform>%n exécution en échec correspond.</numerusform>
            <numerusform>%n exécutions en échec correspondent.</numerusform>
        </translation>
    </message>
    <message>
        <source>The oldest %1 are retried now; retry again for the rest.</source>
        <translation>Les %1 plus anciennes sont reprises maintenant ; relancez pour les autres.</translation>
    </message>
    <message>
        <source>Retrying…</source>
        <translation>Reprise en cours…</translation>
    </message>
</context>
<context>
    <name>dc::ui::DashboardModel</name>
    <message>
        <source>From</source>
        <translation>Début</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>Commandes</translation>
    </message>
    <message>
        <source>Revenue</source>
        <translation>Chiffre d’affaires</translation>
    </message>
    <message>
        <source>Margin</source>
        <translation>Marge</translation>
    </message>
    <message>
        <source>Workflow success</source>
        <translation>Réussite des workflows</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>Exécutions</translation>
    </message>
</context>
<context>
    <name>dc::ui::DashboardPage</name>
    <message>
        <source>Last 24 hours</source>
        <translation>Dernières 24 heures</translation>
    </message>
    <message>
        <source>Last 7 days (hourly)</source>
        <translation>7 derniers jours (par heure)</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>30 derniers jours</translation>
    </message>
    <message>
        <source>Last 12 months (daily)</source>
        <translation>12 derniers mois (par jour)</translation>
    </message>
    <message>
        <source>Revenue and margin are shown per currency</source>
        <translation>Le chiffre d’affaires et la marge sont affichés par devise</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>Commandes</translation>
    </message>
    <message>
        <source>Revenue and margin</source>
        <translation>Chiffre d’affaires et marge</translation>
    </message>
    <message>
        <source>Revenue</source>
        <translation>Chiffre d’affaires</translation>
    </message>
    <message>
        <source>Margin (orders sent to a supplier)</source>
        <translation>Marge (commandes transmises à un fournisseur)</translation>
    </message>
    <message>
        <source>Workflow success rate</source>
        <translation>Taux de réussite des workflows</translation>
    </message>
    <message>
        <source>Succeeded among finished runs (%)</source>
        <translation>Réussies parmi les exécutions terminées (%)</translation>
    </message>
    <message>
        <source>Live: event delay and queue</source>
        <translation>En direct : délai des événements et file</translation>
    </message>
    <message>
        <source>Event delay, median (ms)</source>
        <translation>Délai des événements, médiane (ms)</translation>
    </message>
    <message>
        <source>Tasks queued and running</source>
        <translation>Tâches en attente et en cours</translation>
    </message>
    <message>
        <source>Dashboard unavailable: %1</source>
        <translation>Tableau de bord indisponible : %1</translation>
    </message>
    <message>
        <source>Now: %1 queued, %2 running, %3 dead tasks · subscriptions behind by up to %4 events, %5 dead letters</source>
        <translation>Maintenant : %1 tâches en attente, %2 en cours, %3 mortes · abonnements en retard d’au plus %4 événements, %5 lettres mortes</translation>
    </message>
    <message numerus="yes">
        <source>%n order(s)</source>
        <translation>
            <numerusform>%n commande</numerusform>
            <numerusform>%n commandes</numerusform>
        </translation>
    </message>
    <message>
        <source>revenue %1</source>
        <translation>chiffre d’affaires %1</translation>
    </message>
    <message numerus="yes">
        <source>margin %1 on %n order(s) sent to a supplier</source>
        <translation>
            <numerusform>marge %1 sur %n commande transmise à un fournisseur</numerusform>
            <numerusform>marge %1 sur %n commandes transmises à un fournisseur</numerusform>
        </translation>
    </message>
    <message>
        <source>workflow success %1 %</source>
        <translation>réussite des workflows %1 %</translation>
    </message>
    <message numerus="yes">
        <source>%n run(s)</source>
        <translation>
            <numerusform>%n exécution</numerusform>
            <numerusform>%n exécutions</numerusform>
        </translation>
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
        <translation>Heure</translation>
    </message>
    <message>
        <source>Topic</source>
        <translation>Sujet</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Clé</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Source</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>Données</translation>
    </message>
</context>
<context>
    <name>dc::ui::EventsPage</name>
    <message>
        <source>Topic patterns, comma-separated: * is one word, # any number (order.#)</source>
        <translation>Motifs de sujet séparés par des virgules : * un mot, # un nombre quelconque (order.#)</translation>
    </message>
    <message>
        <source>key, e.g. order:42</source>
        <translation>clé, par ex. order:42</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Pause</translation>
    </message>
    <message>
        <source>Live</source>
        <translation>En direct</translation>
    </message>
    <message>
        <source>Search history</source>
        <translation>Chercher dans l’historique</translation>
    </message>
    <message>
        <source>Durable subscription to replay the selected events to</source>
        <translation>Abonnement durable auquel rejouer les événements choisis</translation>
    </message>
    <message>
        <source>Replay selection</source>
        <translation>Rejouer la sélection</translation>
    </message>
    <message>
        <source>Topics:</source>
        <translation>Sujets :</translation>
    </message>
    <message>
        <source>Live.</source>
        <translation>En direct.</translation>
    </message>
    <message>
        <source>Pattern: %1</source>
        <translation>Motif : %1</translation>
    </message>
    <message numerus="yes">
        <source>%n event(s) arrived while paused: search the history to see them.</source>
        <translation>
            <numerusform>%n événement est arrivé pendant la pause : cherchez-le dans l’historique.</numerusform>
            <numerusform>%n événements sont arrivés pendant la pause : cherchez-les dans l’historique.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Paused: %n event(s) not shown.</source>
        <translation>
            <numerusform>En pause : %n événement non affiché.</numerusform>
            <numerusform>En pause : %n événements non affichés.</numerusform>
        </translation>
    </message>
    <message>
        <source>Search refused: %1</source>
        <translation>Recherche refusée : %1</translation>
    </message>
    <message numerus="yes">
        <source>History: %n event(s).</source>
        <translation>
            <numerusform>Historique : %n événement.</numerusform>
            <numerusform>Historique : %n événements.</numerusform>
        </translation>
    </message>
    <message>
        <source>Select the events to replay first.</source>
        <translation>Choisissez d’abord les événements à rejouer.</translation>
    </message>
    <message>
        <source>Replayed.</source>
        <translation>Rejoué.</translation>
    </message>
    <message>
        <source>Refused: %1</source>
        <translation>Refusé : %1</translation>
    </message>
</context>
<context>
    <name>dc::ui::LoginDialog</name>
    <message>
        <source>Connect to a DropCrew server</source>
        <translation>Se connecter à un serveur DropCrew</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Se connecter</translation>
    </message>
    <message>
        <source>Server URL:</source>
        <translation>URL du serveur :</translation>
    </message>
    <message>
        <source>User name:</source>
        <translation>Nom d’utilisateur :</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>Mot de passe :</translation>
    </message>
    <message>
        <source>The URL must look like https://host:port.</source>
        <translation>L’URL doit être de la forme https://hôte:port.</translation>
    </message>
    <message>
        <source>Warning: without https the password crosses the network in clear.</source>
        <translation>Attention : sans https, le mot de passe circule en clair sur le réseau.</translation>
    </message>
    <message>
        <source>Wrong user name or password.</source>
        <translation>Nom d’utilisateur ou mot de passe incorrect.</translation>
    </message>
    <message>
        <source>Cannot sign in: %1</source>
        <translation>Connexion impossible : %1</translation>
    </message>
    <message>
        <source>Session expired: sign in again</source>
        <translation>Session expirée : reconnectez-vous</translation>
    </message>
</context>
<context>
    <name>dc::ui::LoopbackCatcher</name>
    <message>
        <source>not a loopback address</source>
        <translation>ce n&apos;est pas une adresse locale</translation>
    </message>
    <message>
        <source>DropCrew received the AliExpress authorisation. You can close this tab.</source>
        <translation>DropCrew a reçu l&apos;autorisation AliExpress. Vous pouvez fermer cet onglet.</translation>
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
        <translation>&amp;Fichier</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quitter</translation>
    </message>
    <message>
        <source>API: %1</source>
        <translation>API : %1</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>Commandes</translation>
    </message>
    <message>
        <source>Live updates: connecting…</source>
        <translation>Mises à jour en direct : connexion…</translation>
    </message>
    <message>
        <source>Live updates: on</source>
        <translation>Mises à jour en direct : actives</translation>
    </message>
    <message>
        <source>Live updates: reconnecting…</source>
        <translation>Mises à jour en direct : reconnexion…</translation>
    </message>
    <message>
        <source>Workflows</source>
        <translation>Workflows</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>Exécutions</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>Événements</translation>
    </message>
    <message>
        <source>Tasks</source>
        <translation>Tâches</translation>
    </message>
    <message>
        <source>Shopify: %1 shop(s) failing</source>
        <translation>Shopify : %1 boutique(s) en échec</translation>
    </message>
    <message>
        <source>Shopify: %1 shop(s) ok</source>
        <translation>Shopify : %1 boutique(s) en ordre</translation>
    </message>
    <message>
        <source>%1: polling</source>
        <translation>%1 : par interrogation</translation>
    </message>
    <message>
        <source>%1: webhooks</source>
        <translation>%1 : par webhooks</translation>
    </message>
    <message>
        <source>AliExpress: configured</source>
        <translation>AliExpress : configuré</translation>
    </message>
    <message>
        <source>AliExpress: not configured</source>
        <translation>AliExpress : non configuré</translation>
    </message>
    <message>
        <source>Queue: %1 queued, %2 running, %3 dead</source>
        <translation>File : %1 en attente, %2 en cours, %3 mortes</translation>
    </message>
    <message>
        <source>DropCrew — %1</source>
        <translation>DropCrew — %1</translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation>Tableau de bord</translation>
    </message>
    <message>
        <source>Suppliers</source>
        <translation>Fournisseurs</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Paramètres</translation>
    </message>
    <message>
        <source>Signed in as %1 (%2)</source>
        <translation>Connecté en tant que %1 (%2)</translation>
    </message>
    <message>
        <source>&amp;Connect to a server…</source>
        <translation>Se &amp;connecter à un serveur…</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>&amp;Fermer</translation>
    </message>
    <message>
        <source>LLM: %1</source>
        <translation>LLM : %1</translation>
    </message>
    <message>
        <source>LLM: templates only</source>
        <translation>LLM : modèles de texte seulement</translation>
    </message>
    <message>
        <source>Shopify: %1 shop(s) not checked yet</source>
        <translation>Shopify : %1 boutique(s) pas encore vérifiée(s)</translation>
    </message>
    <message>
        <source>AliExpress: failing</source>
        <translation>AliExpress : en échec</translation>
    </message>
    <message>
        <source>LLM: %1 failing</source>
        <translation>LLM : %1 en échec</translation>
    </message>
    <message>
        <source>Products</source>
        <translation>Produits</translation>
    </message>
    <message>
        <source>Alerts</source>
        <translation>Alertes</translation>
    </message>
    <message numerus="yes">
        <source>%n open alert(s)</source>
        <translation>
            <numerusform>%n alerte ouverte</numerusform>
            <numerusform>%n alertes ouvertes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>DropCrew: %n open alert(s)</source>
        <translation>
            <numerusform>DropCrew : %n alerte ouverte</numerusform>
            <numerusform>DropCrew : %n alertes ouvertes</numerusform>
        </translation>
    </message>
    <message>
        <source>DropCrew: critical alert</source>
        <translation>DropCrew : alerte critique</translation>
    </message>
    <message>
        <source>DropCrew: alert</source>
        <translation>DropCrew : alerte</translation>
    </message>
    <message>
        <source>Mapping</source>
        <translation>Correspondances</translation>
    </message>
    <message>
        <source>&amp;Set up DropCrew…</source>
        <translation>&amp;Configurer DropCrew…</translation>
    </message>
</context>
<context>
    <name>dc::ui::MappingPage</name>
    <message>
        <source>Select a variant on the left.</source>
        <translation>Choisissez une variante à gauche.</translation>
    </message>
    <message>
        <source>https://www.aliexpress.com/item/….html, or the product id</source>
        <translation>https://fr.aliexpress.com/item/….html, ou l&apos;identifiant du produit</translation>
    </message>
    <message>
        <source>Countries to quote shipping to, e.g. FR,BE; the offer ships to those AliExpress delivers to</source>
        <translation>Pays pour lesquels demander la livraison, p. ex. FR,BE ; l&apos;offre livre ceux qu&apos;AliExpress dessert</translation>
    </message>
    <message>
        <source>Look up</source>
        <translation>Rechercher</translation>
    </message>
    <message>
        <source>Map to the selected SKU</source>
        <translation>Associer au SKU choisi</translation>
    </message>
    <message>
        <source>AliExpress product:</source>
        <translation>Produit AliExpress :</translation>
    </message>
    <message>
        <source>Ship to:</source>
        <translation>Livrer en :</translation>
    </message>
    <message>
        <source>%1 — %2 (%3), sold %4</source>
        <translation>%1 — %2 (%3), vendu %4</translation>
    </message>
    <message>
        <source>Look the product up again for this variant.</source>
        <translation>Recherchez à nouveau le produit pour cette variante.</translation>
    </message>
    <message>
        <source>Needs the catalog.write permission</source>
        <translation>Nécessite la permission catalog.write</translation>
    </message>
    <message>
        <source>Unmapped variants unavailable: %1</source>
        <translation>Variantes sans offre indisponibles : %1</translation>
    </message>
    <message>
        <source>Every variant has a supplier offer.</source>
        <translation>Chaque variante a une offre fournisseur.</translation>
    </message>
    <message numerus="yes">
        <source>%n variant(s) without a supplier offer</source>
        <translation>
            <numerusform>%n variante sans offre fournisseur</numerusform>
            <numerusform>%n variantes sans offre fournisseur</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>; %n held order(s) wait on them.</source>
        <translation>
            <numerusform>; %n commande bloquée les attend.</numerusform>
            <numerusform>; %n commandes bloquées les attendent.</numerusform>
        </translation>
    </message>
    <message>
        <source>Paste the AliExpress product page&apos;s address first.</source>
        <translation>Collez d&apos;abord l&apos;adresse de la page produit AliExpress.</translation>
    </message>
    <message>
        <source>Asking AliExpress…</source>
        <translation>Interrogation d&apos;AliExpress…</translation>
    </message>
    <message>
        <source>Not found: %1</source>
        <translation>Introuvable : %1</translation>
    </message>
    <message>
        <source>%1 — sold by %2</source>
        <translation>%1 — vendu par %2</translation>
    </message>
    <message>
        <source>The SKU in bold matches the variant.</source>
        <translation>Le SKU en gras correspond à la variante.</translation>
    </message>
    <message>
        <source>No SKU matches the variant&apos;s options: pick one.</source>
        <translation>Aucun SKU ne correspond aux options de la variante : choisissez-en un.</translation>
    </message>
    <message>
        <source>%1 %2 (%3–%4 days)</source>
        <translation>%1 %2 (%3–%4 jours)</translation>
    </message>
    <message>
        <source>not delivered</source>
        <translation>non livré</translation>
    </message>
    <message>
        <source>Shipping, cheapest first:</source>
        <translation>Livraison, la moins chère d&apos;abord :</translation>
    </message>
    <message>
        <source>Select a variant, look the product up, then pick a SKU.</source>
        <translation>Choisissez une variante, recherchez le produit, puis choisissez un SKU.</translation>
    </message>
    <message>
        <source>Not mapped: %1</source>
        <translation>Non associé : %1</translation>
    </message>
    <message>
        <source>Mapped to %1 from %2: cost %3, shipping %4.</source>
        <translation>Associé à %1 de %2 : coût %3, livraison %4.</translation>
    </message>
    <message numerus="yes">
        <source>%n held order(s) back in the flow.</source>
        <translation>
            <numerusform>%n commande bloquée reprend son cours.</numerusform>
            <numerusform>%n commandes bloquées reprennent leur cours.</numerusform>
        </translation>
    </message>
    <message>
        <source>where most orders go</source>
        <translation>là où vont la plupart des commandes</translation>
    </message>
</context>
<context>
    <name>dc::ui::OffersModel</name>
    <message>
        <source>%1 (paused)</source>
        <translation>%1 (en pause)</translation>
    </message>
    <message>
        <source>Worldwide</source>
        <translation>Monde entier</translation>
    </message>
    <message>
        <source>Supplier</source>
        <translation>Fournisseur</translation>
    </message>
    <message>
        <source>Supplier product</source>
        <translation>Produit fournisseur</translation>
    </message>
    <message>
        <source>Supplier SKU</source>
        <translation>SKU fournisseur</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>Coût</translation>
    </message>
    <message>
        <source>Shipping</source>
        <translation>Livraison</translation>
    </message>
    <message>
        <source>Stock</source>
        <translation>Stock</translation>
    </message>
    <message>
        <source>Ships to</source>
        <translation>Livre vers</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>Priorité</translation>
    </message>
</context>
<context>
    <name>dc::ui::OrdersModel</name>
    <message>
        <source>Order</source>
        <translation>Commande</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Statut</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>Country</source>
        <translation>Pays</translation>
    </message>
    <message>
        <source>Shop</source>
        <translation>Boutique</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Reçue</translation>
    </message>
    <message>
        <source>Validated</source>
        <translation>Validée</translation>
    </message>
    <message>
        <source>On hold</source>
        <translation>En attente</translation>
    </message>
    <message>
        <source>Ordered from supplier</source>
        <translation>Commandée au fournisseur</translation>
    </message>
    <message>
        <source>Shipped</source>
        <translation>Expédiée</translation>
    </message>
    <message>
        <source>Delivered</source>
        <translation>Livrée</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>En échec</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Annulée</translation>
    </message>
    <message>
        <source>Refunded</source>
        <translation>Remboursée</translation>
    </message>
    <message>
        <source>Received</source>
        <comment>column header: when the order arrived</comment>
        <translation>Reçue le</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1 : %2</translation>
    </message>
    <message>
        <source>not paid yet</source>
        <translation>pas encore payée</translation>
    </message>
    <message>
        <source>shipping address incomplete</source>
        <translation>adresse de livraison incomplète</translation>
    </message>
    <message>
        <source>address refused by the supplier</source>
        <translation>adresse refusée par le fournisseur</translation>
    </message>
    <message>
        <source>a product without a supplier offer</source>
        <translation>un produit sans offre fournisseur</translation>
    </message>
    <message>
        <source>margin below the minimum</source>
        <translation>marge sous le minimum</translation>
    </message>
    <message>
        <source>out of stock at every supplier</source>
        <translation>en rupture chez tous les fournisseurs</translation>
    </message>
    <message>
        <source>held by an operator</source>
        <translation>mise en attente par un opérateur</translation>
    </message>
</context>
<context>
    <name>dc::ui::OrdersPage</name>
    <message>
        <source>All statuses</source>
        <translation>Tous les statuts</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Reçue</translation>
    </message>
    <message>
        <source>Validated</source>
        <translation>Validée</translation>
    </message>
    <message>
        <source>On hold</source>
        <translation>En attente</translation>
    </message>
    <message>
        <source>Ordered from supplier</source>
        <translation>Commandée au fournisseur</translation>
    </message>
    <message>
        <source>Shipped</source>
        <translation>Expédiée</translation>
    </message>
    <message>
        <source>Delivered</source>
        <translation>Livrée</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>En échec</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Annulée</translation>
    </message>
    <message>
        <source>Refunded</source>
        <translation>Remboursée</translation>
    </message>
    <message>
        <source>Shop</source>
        <translation>Boutique</translation>
    </message>
    <message>
        <source>Search: order, product, SKU</source>
        <translation>Rechercher : commande, produit, SKU</translation>
    </message>
    <message>
        <source>Received between</source>
        <translation>Reçue entre</translation>
    </message>
    <message>
        <source>Process</source>
        <translation>Traiter</translation>
    </message>
    <message>
        <source>Run the order processing workflow for this order</source>
        <translation>Lancer le workflow de traitement pour cette commande</translation>
    </message>
    <message>
        <source>Hold</source>
        <translation>Mettre en attente</translation>
    </message>
    <message>
        <source>Approve</source>
        <translation>Approuver</translation>
    </message>
    <message>
        <source>Approve a held order (low margin) and resume its workflow</source>
        <translation>Approuver une commande en attente (marge faible) et reprendre son workflow</translation>
    </message>
    <message>
        <source>Cancel order…</source>
        <translation>Annuler la commande…</translation>
    </message>
    <message>
        <source>Cancel order</source>
        <translation>Annuler la commande</translation>
    </message>
    <message>
        <source>Why is this order cancelled?</source>
        <translation>Pourquoi cette commande est-elle annulée ?</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Chargement…</translation>
    </message>
    <message>
        <source>Cannot load orders: %1</source>
        <translation>Impossible de charger les commandes : %1</translation>
    </message>
    <message>
        <source>Release</source>
        <translation>Libérer</translation>
    </message>
    <message>
        <source>Done.</source>
        <translation>Fait.</translation>
    </message>
    <message>
        <source>Refused: %1</source>
        <translation>Refusé : %1</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Statut</translation>
    </message>
    <message>
        <source>Line items</source>
        <translation>Articles</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>Produit</translation>
    </message>
    <message>
        <source>SKU</source>
        <translation>SKU</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>Quantité</translation>
    </message>
    <message>
        <source>Unit price</source>
        <translation>Prix unitaire</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>Tax</source>
        <translation>Taxes</translation>
    </message>
    <message>
        <source>Supplier cost</source>
        <translation>Coût fournisseur</translation>
    </message>
    <message>
        <source>Margin</source>
        <translation>Marge</translation>
    </message>
    <message>
        <source>Supplier orders</source>
        <translation>Commandes fournisseur</translation>
    </message>
    <message>
        <source>None yet.</source>
        <translation>Aucune pour l’instant.</translation>
    </message>
    <message>
        <source>Shipments</source>
        <translation>Expéditions</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>Historique</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Relancer</translation>
    </message>
    <message>
        <source>Retry the order&apos;s failed workflow run from its failed step</source>
        <translation>Relance l’exécution en échec de la commande à partir de l’étape en échec</translation>
    </message>
    <message>
        <source>step %1: %2</source>
        <translation>étape %1 : %2</translation>
    </message>
    <message>
        <source>Shipping</source>
        <translation>Livraison</translation>
    </message>
    <message>
        <source>Replace…</source>
        <translation>Remplacer…</translation>
    </message>
    <message>
        <source>Send the same items again at no charge (a parcel lost or broken)</source>
        <translation>Renvoyer les mêmes articles sans frais (colis perdu ou abîmé)</translation>
    </message>
    <message>
        <source>Send a replacement</source>
        <translation>Envoyer un remplacement</translation>
    </message>
    <message>
        <source>The same items go again to the same address, at no charge. Why?</source>
        <translation>Les mêmes articles repartent à la même adresse, sans frais. Pourquoi ?</translation>
    </message>
    <message>
        <source>Say why the order is sent again.</source>
        <translation>Indiquez pourquoi la commande est renvoyée.</translation>
    </message>
    <message>
        <source>Replacement %1 created: it goes to the supplier like any order.</source>
        <translation>Remplacement %1 créé : il part chez le fournisseur comme toute commande.</translation>
    </message>
    <message>
        <source>replacement %1</source>
        <translation>remplacement %1</translation>
    </message>
</context>
<context>
    <name>dc::ui::ProductsModel</name>
    <message>
        <source>The offer is priced in %1, the shop sells in %2</source>
        <translation>L’offre est en %1, la boutique vend en %2</translation>
    </message>
    <message>
        <source>Suppliers paused</source>
        <translation>Fournisseurs en pause</translation>
    </message>
    <message>
        <source>No offer</source>
        <translation>Aucune offre</translation>
    </message>
    <message>
        <source>%1: %2 + %3 shipping</source>
        <translation>%1 : %2 + %3 de livraison</translation>
    </message>
    <message>
        <source>%1 (%2 %)</source>
        <translation>%1 (%2 %)</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>Produit</translation>
    </message>
    <message>
        <source>Variant</source>
        <translation>Variante</translation>
    </message>
    <message>
        <source>SKU</source>
        <translation>SKU</translation>
    </message>
    <message>
        <source>Shop</source>
        <translation>Boutique</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>Prix</translation>
    </message>
    <message>
        <source>Stock</source>
        <translation>Stock</translation>
    </message>
    <message>
        <source>Offers</source>
        <translation>Offres</translation>
    </message>
    <message>
        <source>Preferred offer</source>
        <translation>Offre préférée</translation>
    </message>
    <message>
        <source>Margin</source>
        <translation>Marge</translation>
    </message>
</context>
<context>
    <name>dc::ui::ProductsPage</name>
    <message>
        <source>Search a product, variant or SKU</source>
        <translation>Rechercher un produit, une variante ou un SKU</translation>
    </message>
    <message>
        <source>Only variants without an offer</source>
        <translation>Seulement les variantes sans offre</translation>
    </message>
    <message>
        <source>Orders with such a variant are held until it has an offer</source>
        <translation>Les commandes avec une telle variante restent en attente jusqu’à ce qu’elle ait une offre</translation>
    </message>
    <message>
        <source>The supplier&apos;s product id</source>
        <translation>L’identifiant produit du fournisseur</translation>
    </message>
    <message>
        <source>The supplier&apos;s SKU id, if the product has several</source>
        <translation>L’identifiant SKU du fournisseur, si le produit en a plusieurs</translation>
    </message>
    <message>
        <source>Country codes (FR, DE); empty: worldwide</source>
        <translation>Codes pays (FR, DE) ; vide : monde entier</translation>
    </message>
    <message>
        <source>Lower is preferred; backups have higher numbers</source>
        <translation>Plus bas est préféré ; les secours ont des nombres plus hauts</translation>
    </message>
    <message>
        <source>Save offer</source>
        <translation>Enregistrer l’offre</translation>
    </message>
    <message>
        <source>An offer of the same supplier and SKU is updated</source>
        <translation>Une offre du même fournisseur et SKU est mise à jour</translation>
    </message>
    <message>
        <source>Remove offer</source>
        <translation>Supprimer l’offre</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>Coût</translation>
    </message>
    <message>
        <source>Shipping</source>
        <translation>Livraison</translation>
    </message>
    <message>
        <source>Supplier</source>
        <translation>Fournisseur</translation>
    </message>
    <message>
        <source>Supplier product</source>
        <translation>Produit fournisseur</translation>
    </message>
    <message>
        <source>Supplier SKU</source>
        <translation>SKU fournisseur</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>Prix</translation>
    </message>
    <message>
        <source>Supplier stock</source>
        <translation>Stock fournisseur</translation>
    </message>
    <message>
        <source>Ships to</source>
        <translation>Livre vers</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>Priorité</translation>
    </message>
    <message>
        <source>Products unavailable: %1</source>
        <translation>Produits indisponibles : %1</translation>
    </message>
    <message>
        <source>%1 (paused)</source>
        <translation>%1 (en pause)</translation>
    </message>
    <message>
        <source>Offers for %1 — %2 (%3)</source>
        <translation>Offres pour %1 — %2 (%3)</translation>
    </message>
    <message>
        <source>Select a variant to see and edit its offers.</source>
        <translation>Sélectionnez une variante pour voir et modifier ses offres.</translation>
    </message>
    <message>
        <source>Currency: an ISO 4217 code such as EUR or USD.</source>
        <translation>Devise : un code ISO 4217 comme EUR ou USD.</translation>
    </message>
    <message>
        <source>Add a supplier on the Suppliers page first.</source>
        <translation>Ajoutez d’abord un fournisseur dans la page Fournisseurs.</translation>
    </message>
    <message>
        <source>Give the supplier&apos;s product id.</source>
        <translation>Indiquez l’identifiant produit du fournisseur.</translation>
    </message>
    <message>
        <source>Ships to: &quot;%1&quot; is not a two-letter country code.</source>
        <translation>Livre vers : « %1 » n’est pas un code pays à deux lettres.</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>Non enregistré : %1</translation>
    </message>
    <message>
        <source>Offer saved.</source>
        <translation>Offre enregistrée.</translation>
    </message>
    <message>
        <source>Select the offer to remove.</source>
        <translation>Sélectionnez l’offre à supprimer.</translation>
    </message>
    <message>
        <source>Not removed: %1</source>
        <translation>Non supprimé : %1</translation>
    </message>
    <message>
        <source>Offer removed.</source>
        <translation>Offre supprimée.</translation>
    </message>
    <message numerus="yes">
        <source>%1: a positive amount with at most %n decimal(s), such as 12.50.</source>
        <translation>
            <numerusform>%1 : un montant positif avec au plus %n décimale, comme 12.50.</numerusform>
            <numerusform>%1 : un montant positif avec au plus %n décimales, comme 12.50.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>dc::ui::RunsModel</name>
    <message>
        <source>Run</source>
        <translation>Exécution</translation>
    </message>
    <message>
        <source>State</source>
        <translation>État</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Démarrée</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Durée</translation>
    </message>
    <message>
        <source>Failed step</source>
        <translation>Étape en échec</translation>
    </message>
</context>
<context>
    <name>dc::ui::RunsPage</name>
    <message>
        <source>Retry from the failed step</source>
        <translation>Reprendre à l’étape en échec</translation>
    </message>
    <message>
        <source>Cancel run</source>
        <translation>Annuler l’exécution</translation>
    </message>
    <message>
        <source>Workflow:</source>
        <translation>Workflow :</translation>
    </message>
    <message>
        <source>Retrying.</source>
        <translation>Reprise en cours.</translation>
    </message>
    <message>
        <source>Refused: %1</source>
        <translation>Refusé : %1</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>Annulée.</translation>
    </message>
    <message>
        <source>Run %1: %2</source>
        <translation>Exécution %1 : %2</translation>
    </message>
    <message>
        <source>State</source>
        <translation>État</translation>
    </message>
    <message>
        <source>Input</source>
        <translation>Entrée</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>Sortie</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Erreur</translation>
    </message>
    <message>
        <source>Retry failed…</source>
        <translation>Reprendre les échecs…</translation>
    </message>
    <message>
        <source>Retry the failed runs of a workflow, of a step or since a time</source>
        <translation>Reprendre les exécutions en échec d’un workflow, d’une étape ou depuis une date</translation>
    </message>
    <message numerus="yes">
        <source>Retried %n failed run(s).</source>
        <translation>
            <numerusform>%n exécution en échec reprise.</numerusform>
            <numerusform>%n exécutions en échec reprises.</numerusform>
        </translation>
    </message>
    <message>
        <source>Retried %1 failed runs; %2 skipped.</source>
        <translation>%1 exécutions en échec reprises ; %2 ignorées.</translation>
    </message>
</context>
<context>
    <name>dc::ui::SettingsPage</name>
    <message>
        <source>unchanged when empty</source>
        <translation>inchangé si vide</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>Serveur</translation>
    </message>
    <message>
        <source>Shopify shops</source>
        <translation>Boutiques Shopify</translation>
    </message>
    <message>
        <source>AliExpress</source>
        <translation>AliExpress</translation>
    </message>
    <message>
        <source>Language model</source>
        <translation>Modèle de langage</translation>
    </message>
    <message>
        <source>Users</source>
        <translation>Utilisateurs</translation>
    </message>
    <message>
        <source>API address:</source>
        <translation>Adresse de l’API :</translation>
    </message>
    <message>
        <source>Server:</source>
        <translation>Serveur :</translation>
    </message>
    <message>
        <source>Data folder:</source>
        <translation>Dossier de données :</translation>
    </message>
    <message>
        <source>Secrets:</source>
        <translation>Secrets :</translation>
    </message>
    <message>
        <source>host:port; 0.0.0.0 serves other machines (then use TLS)</source>
        <translation>hôte:port ; 0.0.0.0 sert les autres machines (utilisez alors TLS)</translation>
    </message>
    <message>
        <source>sqlite:///path/file.db or postgresql://user@host:5432/name; the password stays in the secret store</source>
        <translation>sqlite:///chemin/fichier.db ou postgresql://utilisateur@hôte:5432/nom ; le mot de passe reste dans le coffre de secrets</translation>
    </message>
    <message>
        <source>Listen address:</source>
        <translation>Adresse d’écoute :</translation>
    </message>
    <message>
        <source>Database:</source>
        <translation>Base de données :</translation>
    </message>
    <message>
        <source>Save for the next start</source>
        <translation>Enregistrer pour le prochain démarrage</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>Langue du système</translation>
    </message>
    <message>
        <source>The language changes at the next start.</source>
        <translation>La langue change au prochain démarrage.</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>Langue :</translation>
    </message>
    <message>
        <source>Connect to another server…</source>
        <translation>Se connecter à un autre serveur…</translation>
    </message>
    <message>
        <source>Domain:</source>
        <translation>Domaine :</translation>
    </message>
    <message>
        <source>Currency:</source>
        <translation>Devise :</translation>
    </message>
    <message>
        <source>Admin API access token:</source>
        <translation>Jeton d’accès à l’API Admin :</translation>
    </message>
    <message>
        <source>Webhook signing secret:</source>
        <translation>Secret de signature des webhooks :</translation>
    </message>
    <message>
        <source>Add or update the shop</source>
        <translation>Ajouter ou mettre à jour la boutique</translation>
    </message>
    <message>
        <source>Reconcile now</source>
        <translation>Réconcilier maintenant</translation>
    </message>
    <message>
        <source>Fetch the orders updated since the last sync, in case a webhook was missed</source>
        <translation>Récupère les commandes modifiées depuis la dernière synchronisation, au cas où un webhook aurait été manqué</translation>
    </message>
    <message>
        <source>Reconciliation of %1 started.</source>
        <translation>Réconciliation de %1 lancée.</translation>
    </message>
    <message>
        <source>Refused: %1</source>
        <translation>Refusé : %1</translation>
    </message>
    <message>
        <source>required</source>
        <translation>obligatoire</translation>
    </message>
    <message>
        <source>App key:</source>
        <translation>Clé d’application :</translation>
    </message>
    <message>
        <source>App secret:</source>
        <translation>Secret d’application :</translation>
    </message>
    <message>
        <source>Access token:</source>
        <translation>Jeton d’accès :</translation>
    </message>
    <message>
        <source>Refresh token:</source>
        <translation>Jeton de renouvellement :</translation>
    </message>
    <message>
        <source>Save the keys</source>
        <translation>Enregistrer les clés</translation>
    </message>
    <message>
        <source>empty: product texts from templates</source>
        <translation>vide : textes produits issus de modèles</translation>
    </message>
    <message>
        <source>Server URL (OpenAI-compatible):</source>
        <translation>URL du serveur (compatible OpenAI) :</translation>
    </message>
    <message>
        <source>Model:</source>
        <translation>Modèle :</translation>
    </message>
    <message>
        <source>API key:</source>
        <translation>Clé d’API :</translation>
    </message>
    <message>
        <source>Save the endpoint</source>
        <translation>Enregistrer le point d’accès</translation>
    </message>
    <message>
        <source>user name</source>
        <translation>nom d’utilisateur</translation>
    </message>
    <message>
        <source>password (12 characters or more)</source>
        <translation>mot de passe (12 caractères ou plus)</translation>
    </message>
    <message>
        <source>Viewer (read only)</source>
        <translation>Lecteur (lecture seule)</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>Opérateur</translation>
    </message>
    <message>
        <source>Agent (remote agents)</source>
        <translation>Agent (agents distants)</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>Administrateur</translation>
    </message>
    <message>
        <source>Add user</source>
        <translation>Ajouter l’utilisateur</translation>
    </message>
    <message>
        <source>Give the selected user this role</source>
        <translation>Donner ce rôle à l’utilisateur sélectionné</translation>
    </message>
    <message>
        <source>Set the selected user&apos;s password</source>
        <translation>Définir le mot de passe de l’utilisateur sélectionné</translation>
    </message>
    <message>
        <source>Disable / enable</source>
        <translation>Désactiver / activer</translation>
    </message>
    <message>
        <source>DropCrew %1 on %2, status %3</source>
        <translation>DropCrew %1 sur %2, état %3</translation>
    </message>
    <message>
        <source>unreachable: %1</source>
        <translation>injoignable : %1</translation>
    </message>
    <message>
        <source>Configured. Access token valid until %1.</source>
        <translation>Configuré. Jeton d’accès valable jusqu’au %1.</translation>
    </message>
    <message>
        <source>Not configured: supplier orders cannot be placed.</source>
        <translation>Non configuré : les commandes fournisseur ne peuvent pas être passées.</translation>
    </message>
    <message>
        <source>set here</source>
        <translation>défini ici</translation>
    </message>
    <message>
        <source>from the settings file</source>
        <translation>du fichier de paramètres</translation>
    </message>
    <message>
        <source>Product texts are written by %1 (%2); API key: %3.</source>
        <translation>Les textes produits sont rédigés par %1 (%2) ; clé d’API : %3.</translation>
    </message>
    <message>
        <source>kept</source>
        <translation>conservée</translation>
    </message>
    <message>
        <source>none</source>
        <translation>aucun</translation>
    </message>
    <message>
        <source>No model: product texts come from templates.</source>
        <translation>Aucun modèle : les textes produits viennent de modèles de texte.</translation>
    </message>
    <message>
        <source>The shop&apos;s domain is needed.</source>
        <translation>Le domaine de la boutique est nécessaire.</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>Non enregistré : %1</translation>
    </message>
    <message>
        <source>Shop %1 saved; its secrets are in the server&apos;s secret store.</source>
        <translation>Boutique %1 enregistrée ; ses secrets sont dans le coffre de secrets du serveur.</translation>
    </message>
    <message>
        <source>AliExpress keys saved in the server&apos;s secret store.</source>
        <translation>Clés AliExpress enregistrées dans le coffre de secrets du serveur.</translation>
    </message>
    <message>
        <source>Language model endpoint saved.</source>
        <translation>Point d’accès du modèle de langage enregistré.</translation>
    </message>
    <message>
        <source>Listen address: %1</source>
        <translation>Adresse d’écoute : %1</translation>
    </message>
    <message>
        <source>Database: %1</source>
        <translation>Base de données : %1</translation>
    </message>
    <message>
        <source>Saved to %1; used at the next start.</source>
        <translation>Enregistré dans %1 ; utilisé au prochain démarrage.</translation>
    </message>
    <message>
        <source>Cannot write %1.</source>
        <translation>Impossible d’écrire %1.</translation>
    </message>
    <message>
        <source>Not added: %1</source>
        <translation>Non ajouté : %1</translation>
    </message>
    <message>
        <source>User %1 added.</source>
        <translation>Utilisateur %1 ajouté.</translation>
    </message>
    <message>
        <source>Select a user first.</source>
        <translation>Sélectionnez d’abord un utilisateur.</translation>
    </message>
    <message>
        <source>User %1 changed.</source>
        <translation>Utilisateur %1 modifié.</translation>
    </message>
    <message>
        <source> Last call %1: answered.</source>
        <translation> Dernier appel %1 : réponse reçue.</translation>
    </message>
    <message>
        <source> Last call %1 failed: %2</source>
        <translation> Dernier appel %1 en échec : %2</translation>
    </message>
    <message>
        <source>optional: Authorise… gets them</source>
        <translation>facultatif : Autoriser… les obtient</translation>
    </message>
    <message>
        <source>Not authorised: click Authorise… below; supplier orders cannot be placed.</source>
        <translation>Non autorisé : cliquez sur Autoriser… ci-dessous ; les commandes fournisseur ne peuvent pas être passées.</translation>
    </message>
    <message>
        <source>Configured. Access token valid until %1 (renewed ahead of time), renewable until %2.</source>
        <translation>Configuré. Jeton d&apos;accès valable jusqu&apos;au %1 (renouvelé à l&apos;avance), renouvelable jusqu&apos;au %2.</translation>
    </message>
</context>
<context>
    <name>dc::ui::SetupAssistant</name>
    <message>
        <source>Administrator password</source>
        <translation>Mot de passe administrateur</translation>
    </message>
    <message>
        <source>Shopify store</source>
        <translation>Boutique Shopify</translation>
    </message>
    <message>
        <source>AliExpress account</source>
        <translation>Compte AliExpress</translation>
    </message>
    <message>
        <source>Product mapping</source>
        <translation>Correspondance des produits</translation>
    </message>
    <message>
        <source>Test order</source>
        <translation>Commande d’essai</translation>
    </message>
    <message>
        <source>done</source>
        <translation>fait</translation>
    </message>
    <message>
        <source>skipped</source>
        <translation>passé</translation>
    </message>
    <message>
        <source>to do</source>
        <translation>à faire</translation>
    </message>
    <message>
        <source>The administrator&apos;s password is the one generated at the first start: choose one of your own.</source>
        <translation>Le mot de passe administrateur est celui généré au premier démarrage : choisissez le vôtre.</translation>
    </message>
    <message>
        <source>No administrator can sign in: every admin user is disabled.</source>
        <translation>Aucun administrateur ne peut se connecter : tous les comptes admin sont désactivés.</translation>
    </message>
    <message>
        <source>No Shopify store is connected.</source>
        <translation>Aucune boutique Shopify n’est connectée.</translation>
    </message>
    <message>
        <source>%1: no Admin API access token.</source>
        <translation>%1 : pas de jeton d’accès à l’API Admin.</translation>
    </message>
    <message>
        <source>%1: the token&apos;s scopes have not been checked yet.</source>
        <translation>%1 : les autorisations du jeton n’ont pas encore été vérifiées.</translation>
    </message>
    <message>
        <source>%1: the token lacks the scopes %2; grant them in the app&apos;s configuration and install it again.</source>
        <translation>%1 : il manque au jeton les autorisations %2 ; accordez-les dans la configuration de l’application et réinstallez-la.</translation>
    </message>
    <message>
        <source>%1: Shopify refuses the token.</source>
        <translation>%1 : Shopify refuse le jeton.</translation>
    </message>
    <message>
        <source>%1: no webhook secret (the app&apos;s client secret), so Shopify&apos;s webhooks would be refused.</source>
        <translation>%1 : pas de secret de webhook (le secret client de l’application) ; les webhooks de Shopify seraient refusés.</translation>
    </message>
    <message>
        <source>No AliExpress app key and secret.</source>
        <translation>Pas de clé ni de secret d’application AliExpress.</translation>
    </message>
    <message>
        <source>The seller has not authorised the app, or the authorisation has lapsed.</source>
        <translation>Le vendeur n’a pas autorisé l’application, ou l’autorisation a expiré.</translation>
    </message>
    <message>
        <source>The catalog is empty: import the store&apos;s products.</source>
        <translation>Le catalogue est vide : importez les produits de la boutique.</translation>
    </message>
    <message numerus="yes">
        <source>%1 of %2 variants have no AliExpress offer; %n order(s) wait for one.</source>
        <translation>
            <numerusform>%1 variantes sur %2 n’ont pas d’offre AliExpress ; %n commande en attend une.</numerusform>
            <numerusform>%1 variantes sur %2 n’ont pas d’offre AliExpress ; %n commandes en attendent une.</numerusform>
        </translation>
    </message>
    <message>
        <source>No test order has been run.</source>
        <translation>Aucune commande d’essai n’a été faite.</translation>
    </message>
    <message>
        <source>The last test order failed: %1</source>
        <translation>La dernière commande d’essai a échoué : %1</translation>
    </message>
    <message>
        <source>Set up DropCrew</source>
        <translation>Configurer DropCrew</translation>
    </message>
    <message>
        <source>What is missing</source>
        <translation>Ce qui manque</translation>
    </message>
    <message>
        <source>Skip this step</source>
        <translation>Passer cette étape</translation>
    </message>
    <message>
        <source>Kept until you resume it; the assistant goes on without it.</source>
        <translation>Gardée de côté jusqu’à ce que vous la repreniez ; l’assistant continue sans elle.</translation>
    </message>
    <message>
        <source>Resume this step</source>
        <translation>Reprendre cette étape</translation>
    </message>
    <message>
        <source>Next step</source>
        <translation>Étape suivante</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Fermer</translation>
    </message>
    <message>
        <source>The first start generated the administrator&apos;s password and showed it once. Choose one of your own: it signs in to this server from another computer and from `dropcrew setup`.</source>
        <translation>Le premier démarrage a généré le mot de passe administrateur et l’a affiché une seule fois. Choisissez le vôtre : il permet de se connecter à ce serveur depuis un autre ordinateur et depuis `dropcrew setup`.</translation>
    </message>
    <message>
        <source>New password (12 characters or more):</source>
        <translation>Nouveau mot de passe (12 caractères ou plus) :</translation>
    </message>
    <message>
        <source>The same again:</source>
        <translation>Le même, à nouveau :</translation>
    </message>
    <message>
        <source>Set the password</source>
        <translation>Définir le mot de passe</translation>
    </message>
    <message>
        <source>The two passwords differ.</source>
        <translation>Les deux mots de passe diffèrent.</translation>
    </message>
    <message>
        <source>There is no generated password to replace.</source>
        <translation>Il n’y a pas de mot de passe généré à remplacer.</translation>
    </message>
    <message>
        <source>Not changed: %1</source>
        <translation>Non modifié : %1</translation>
    </message>
    <message>
        <source>Password changed.</source>
        <translation>Mot de passe modifié.</translation>
    </message>
    <message>
        <source>In the store&apos;s admin, create a custom app (Settings, Apps, Develop apps), give it the Admin API scopes DropCrew needs and install it: paste its access token and client secret here. Without a public address, DropCrew asks Shopify every minute instead of receiving webhooks.</source>
        <translation>Dans l’administration de la boutique, créez une application personnalisée (Paramètres, Applications, Développer des applications), donnez-lui les autorisations de l’API Admin dont DropCrew a besoin et installez-la : collez ici son jeton d’accès et son secret client. Sans adresse publique, DropCrew interroge Shopify chaque minute au lieu de recevoir des webhooks.</translation>
    </message>
    <message>
        <source>https://… (empty: poll every minute)</source>
        <translation>https://… (vide : interroger chaque minute)</translation>
    </message>
    <message>
        <source>Shop domain:</source>
        <translation>Domaine de la boutique :</translation>
    </message>
    <message>
        <source>Admin API access token:</source>
        <translation>Jeton d’accès à l’API Admin :</translation>
    </message>
    <message>
        <source>Client secret (signs webhooks):</source>
        <translation>Secret client (signe les webhooks) :</translation>
    </message>
    <message>
        <source>Public address of this server:</source>
        <translation>Adresse publique de ce serveur :</translation>
    </message>
    <message>
        <source>Connect the store</source>
        <translation>Connecter la boutique</translation>
    </message>
    <message>
        <source>Catalog:</source>
        <translation>Catalogue :</translation>
    </message>
    <message>
        <source>The shop&apos;s domain is needed.</source>
        <translation>Le domaine de la boutique est nécessaire.</translation>
    </message>
    <message>
        <source>Not connected: %1</source>
        <translation>Non connecté : %1</translation>
    </message>
    <message>
        <source>Checking the token&apos;s scopes with Shopify…</source>
        <translation>Vérification des autorisations du jeton auprès de Shopify…</translation>
    </message>
    <message>
        <source>%1 is connected.</source>
        <translation>%1 est connectée.</translation>
    </message>
    <message>
        <source>Connected, but the scopes could not be checked: %1</source>
        <translation>Connectée, mais les autorisations n’ont pas pu être vérifiées : %1</translation>
    </message>
    <message>
        <source>In the AliExpress Open Platform console, the app&apos;s key and secret; then authorise the app with the seller&apos;s account in the browser.</source>
        <translation>Depuis la console AliExpress Open Platform, la clé et le secret de l’application ; autorisez ensuite l’application avec le compte vendeur dans le navigateur.</translation>
    </message>
    <message>
        <source>App key:</source>
        <translation>Clé d’application :</translation>
    </message>
    <message>
        <source>App secret:</source>
        <translation>Secret d’application :</translation>
    </message>
    <message>
        <source>Save the keys</source>
        <translation>Enregistrer les clés</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>Non enregistré : %1</translation>
    </message>
    <message>
        <source>Keys saved; now authorise the app.</source>
        <translation>Clés enregistrées ; autorisez maintenant l’application.</translation>
    </message>
    <message>
        <source>Each variant of the store is bought from an AliExpress SKU. In the mapping view, paste an AliExpress product&apos;s address for a variant, check the SKU it suggests, its cost, stock and shipping, and map it; the orders waiting for it go on at once.</source>
        <translation>Chaque variante de la boutique est achetée sous une référence (SKU) AliExpress. Dans la vue des correspondances, collez l’adresse d’un produit AliExpress pour une variante, vérifiez la référence proposée, son coût, son stock et sa livraison, puis associez-la ; les commandes qui l’attendaient repartent aussitôt.</translation>
    </message>
    <message>
        <source>Open the mapping view</source>
        <translation>Ouvrir la vue des correspondances</translation>
    </message>
    <message>
        <source>A dry run of an order of the first mapped variant: the offer DropCrew would choose, the product, stock and shipping as AliExpress gives them now, and the margin. Nothing is bought.</source>
        <translation>Une commande à blanc de la première variante associée : l’offre que DropCrew choisirait, le produit, le stock et la livraison tels qu’AliExpress les donne maintenant, et la marge. Rien n’est acheté.</translation>
    </message>
    <message>
        <source>FR (empty: where most orders go)</source>
        <translation>FR (vide : là où vont la plupart des commandes)</translation>
    </message>
    <message>
        <source>Ship to (country code):</source>
        <translation>Livrer vers (code pays) :</translation>
    </message>
    <message>
        <source>Run the test order</source>
        <translation>Lancer la commande d’essai</translation>
    </message>
    <message>
        <source>Asking AliExpress…</source>
        <translation>Interrogation d’AliExpress…</translation>
    </message>
    <message>
        <source>No test order: %1</source>
        <translation>Pas de commande d’essai : %1</translation>
    </message>
    <message>
        <source>%1 / %2 to %3</source>
        <translation>%1 / %2 vers %3</translation>
    </message>
    <message>
        <source>A real order of this variant would go through. Nothing was bought.</source>
        <translation>Une vraie commande de cette variante passerait. Rien n’a été acheté.</translation>
    </message>
    <message>
        <source>A real order of this variant would not go through. Nothing was bought.</source>
        <translation>Une vraie commande de cette variante ne passerait pas. Rien n’a été acheté.</translation>
    </message>
    <message>
        <source>The setup steps cannot be read: %1</source>
        <translation>Les étapes de configuration ne peuvent pas être lues : %1</translation>
    </message>
    <message>
        <source>Nothing: this step is done.</source>
        <translation>Rien : cette étape est faite.</translation>
    </message>
    <message>
        <source>%1 variants in the catalog, %2 without an offer.</source>
        <translation>%1 variantes au catalogue, %2 sans offre.</translation>
    </message>
    <message>
        <source>Skipped; resume it whenever you like.</source>
        <translation>Passée ; reprenez-la quand vous voulez.</translation>
    </message>
    <message>
        <source>Resumed.</source>
        <translation>Reprise.</translation>
    </message>
</context>
<context>
    <name>dc::ui::ShopImportBar</name>
    <message>
        <source>Import from Shopify</source>
        <translation>Importer depuis Shopify</translation>
    </message>
    <message>
        <source>Every product and variant of the shop, then its open unfulfilled orders of the last 30 days; running it again changes only what changed in Shopify</source>
        <translation>Chaque produit et chaque variante de la boutique, puis ses commandes ouvertes non traitées des 30 derniers jours ; l’importer à nouveau ne change que ce qui a changé dans Shopify</translation>
    </message>
    <message>
        <source>Importing from %1…</source>
        <translation>Importation depuis %1…</translation>
    </message>
    <message>
        <source>Import not started: %1</source>
        <translation>Importation non lancée : %1</translation>
    </message>
    <message>
        <source>Import interrupted, trying again: %1</source>
        <translation>Importation interrompue, nouvel essai : %1</translation>
    </message>
    <message>
        <source>Importing…</source>
        <translation>Importation…</translation>
    </message>
    <message>
        <source>Import cancelled.</source>
        <translation>Importation annulée.</translation>
    </message>
    <message>
        <source>Import failed: %1</source>
        <translation>Échec de l’importation : %1</translation>
    </message>
    <message numerus="yes">
        <source>Imported %n product(s) (%1 new, %2 changed); open orders: %3.</source>
        <translation>
            <numerusform>%n produit importé (%1 nouveau(x), %2 modifié(s)) ; commandes ouvertes : %3.</numerusform>
            <numerusform>%n produits importés (%1 nouveaux, %2 modifiés) ; commandes ouvertes : %3.</numerusform>
        </translation>
    </message>
    <message>
        <source>Only an administrator sees the shops to import from</source>
        <translation>Seul un administrateur voit les boutiques depuis lesquelles importer</translation>
    </message>
    <message>
        <source>Shops unavailable: %1</source>
        <translation>Boutiques indisponibles : %1</translation>
    </message>
    <message>
        <source>Connect a shop in Settings first</source>
        <translation>Connectez d’abord une boutique dans les Paramètres</translation>
    </message>
</context>
<context>
    <name>dc::ui::ShopsModel</name>
    <message>
        <source>Active</source>
        <translation>Actif</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>En pause</translation>
    </message>
    <message>
        <source>not checked yet</source>
        <translation>pas encore vérifiée</translation>
    </message>
    <message>
        <source>webhook secret</source>
        <translation>secret de webhook</translation>
    </message>
    <message>
        <source>access token</source>
        <translation>jeton d’accès</translation>
    </message>
    <message>
        <source>none</source>
        <translation>aucun</translation>
    </message>
    <message>
        <source>Shop</source>
        <translation>Boutique</translation>
    </message>
    <message>
        <source>Currency</source>
        <translation>Devise</translation>
    </message>
    <message>
        <source>State</source>
        <translation>État</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>Connexion</translation>
    </message>
    <message>
        <source>Last reconciled</source>
        <translation>Dernière réconciliation</translation>
    </message>
    <message>
        <source>Secrets kept</source>
        <translation>Secrets conservés</translation>
    </message>
</context>
<context>
    <name>dc::ui::SkusModel</name>
    <message>
        <source>The SKU whose attributes match the variant&apos;s options</source>
        <translation>Le SKU dont les attributs correspondent aux options de la variante</translation>
    </message>
    <message>
        <source>AliExpress SKU</source>
        <translation>SKU AliExpress</translation>
    </message>
    <message>
        <source>Attributes</source>
        <translation>Attributs</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>Coût</translation>
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
        <translation>En attente</translation>
    </message>
    <message>
        <source>Queued</source>
        <translation>En file</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>En cours</translation>
    </message>
    <message>
        <source>Succeeded</source>
        <translation>Réussie</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Échouée</translation>
    </message>
    <message>
        <source>Skipped</source>
        <translation>Ignorée</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Annulée</translation>
    </message>
    <message>
        <source>Dead</source>
        <translation>Morte</translation>
    </message>
    <message>
        <source>Retrying</source>
        <translation>Nouvel essai</translation>
    </message>
</context>
<context>
    <name>dc::ui::SuppliersModel</name>
    <message>
        <source>Active</source>
        <translation>Actif</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>En pause</translation>
    </message>
    <message>
        <source>Supplier</source>
        <translation>Fournisseur</translation>
    </message>
    <message>
        <source>Platform</source>
        <translation>Plateforme</translation>
    </message>
    <message>
        <source>State</source>
        <translation>État</translation>
    </message>
    <message>
        <source>Offers</source>
        <translation>Offres</translation>
    </message>
    <message>
        <source>Orders (30 days)</source>
        <translation>Commandes (30 jours)</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>En cours</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Échouées</translation>
    </message>
    <message>
        <source>Hours to ship</source>
        <translation>Heures avant expédition</translation>
    </message>
    <message>
        <source>Last order</source>
        <translation>Dernière commande</translation>
    </message>
</context>
<context>
    <name>dc::ui::SuppliersPage</name>
    <message>
        <source>New supplier&apos;s name</source>
        <translation>Nom du nouveau fournisseur</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Ajouter</translation>
    </message>
    <message>
        <source>Pause / resume</source>
        <translation>Mettre en pause / reprendre</translation>
    </message>
    <message>
        <source>A paused supplier gets no new orders; its open orders continue</source>
        <translation>Un fournisseur en pause ne reçoit plus de commandes ; ses commandes en cours continuent</translation>
    </message>
    <message>
        <source>Suppliers unavailable: %1</source>
        <translation>Fournisseurs indisponibles : %1</translation>
    </message>
    <message>
        <source>Give the supplier a name.</source>
        <translation>Donnez un nom au fournisseur.</translation>
    </message>
    <message>
        <source>Not added: %1</source>
        <translation>Non ajouté : %1</translation>
    </message>
    <message>
        <source>Supplier %1 added.</source>
        <translation>Fournisseur %1 ajouté.</translation>
    </message>
    <message>
        <source>Refused: %1</source>
        <translation>Refusé : %1</translation>
    </message>
    <message>
        <source>%1 resumed.</source>
        <translation>%1 a repris.</translation>
    </message>
    <message>
        <source>%1 paused.</source>
        <translation>%1 mis en pause.</translation>
    </message>
</context>
<context>
    <name>dc::ui::TasksModel</name>
    <message>
        <source>Task</source>
        <translation>Tâche</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>State</source>
        <translation>État</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>Priorité</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>Tentatives</translation>
    </message>
    <message>
        <source>Next run</source>
        <translation>Prochaine exécution</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Erreur</translation>
    </message>
</context>
<context>
    <name>dc::ui::TasksPage</name>
    <message>
        <source>Queued</source>
        <translation>En file</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>En cours</translation>
    </message>
    <message>
        <source>Dead letters</source>
        <translation>Lettres mortes</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>En échec</translation>
    </message>
    <message>
        <source>Succeeded</source>
        <translation>Réussies</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Annulées</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Réessayer</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>Refused: %1</source>
        <translation>Refusé : %1</translation>
    </message>
</context>
<context>
    <name>dc::ui::UnmappedModel</name>
    <message>
        <source>Product</source>
        <translation>Produit</translation>
    </message>
    <message>
        <source>Variant</source>
        <translation>Variante</translation>
    </message>
    <message>
        <source>SKU</source>
        <translation>SKU</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>Prix</translation>
    </message>
    <message>
        <source>Orders waiting</source>
        <translation>Commandes en attente</translation>
    </message>
</context>
<context>
    <name>dc::ui::UsersModel</name>
    <message>
        <source>Disabled</source>
        <translation>Désactivé</translation>
    </message>
    <message>
        <source>Enabled</source>
        <translation>Activé</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Utilisateur</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Rôle</translation>
    </message>
    <message>
        <source>State</source>
        <translation>État</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Créé le</translation>
    </message>
</context>
<context>
    <name>dc::ui::WorkflowEditor</name>
    <message>
        <source>Open a workflow (a shipped one is the start of a new one)</source>
        <translation>Ouvrir un workflow (un workflow fourni sert de point de départ)</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Ouvrir</translation>
    </message>
    <message>
        <source>New from this</source>
        <translation>Nouveau à partir de celui-ci</translation>
    </message>
    <message>
        <source>workflow name</source>
        <translation>nom du workflow</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Enregistrer</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>Rétablir</translation>
    </message>
    <message>
        <source>Add step</source>
        <translation>Ajouter une étape</translation>
    </message>
    <message>
        <source>Delete step</source>
        <translation>Supprimer l’étape</translation>
    </message>
    <message>
        <source>Arrange</source>
        <translation>Disposer</translation>
    </message>
    <message>
        <source>Rename the workflow</source>
        <translation>Renommer le workflow</translation>
    </message>
    <message>
        <source>JSON, templates allowed: {&quot;order_id&quot;: &quot;{{ trigger.data.order_id }}&quot;}</source>
        <translation>JSON, modèles autorisés : {&quot;order_id&quot;: &quot;{{ trigger.data.order_id }}&quot;}</translation>
    </message>
    <message>
        <source>expression; empty: always</source>
        <translation>expression ; vide : toujours</translation>
    </message>
    <message>
        <source>exponential</source>
        <translation>exponentiel</translation>
    </message>
    <message>
        <source>fixed</source>
        <translation>fixe</translation>
    </message>
    <message>
        <source>Step:</source>
        <translation>Étape :</translation>
    </message>
    <message>
        <source>Agent:</source>
        <translation>Agent :</translation>
    </message>
    <message>
        <source>Action:</source>
        <translation>Action :</translation>
    </message>
    <message>
        <source>Input:</source>
        <translation>Entrée :</translation>
    </message>
    <message>
        <source>When:</source>
        <translation>Condition :</translation>
    </message>
    <message>
        <source>Attempts:</source>
        <translation>Tentatives :</translation>
    </message>
    <message>
        <source>Backoff:</source>
        <translation>Délai entre tentatives :</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>Appliquer</translation>
    </message>
    <message>
        <source>Cannot read it: %1</source>
        <translation>Illisible : %1</translation>
    </message>
    <message>
        <source>Cannot open %1: %2</source>
        <translation>Impossible d’ouvrir %1 : %2</translation>
    </message>
    <message>
        <source>Saved %1.</source>
        <translation>%1 enregistré.</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>Non enregistré : %1</translation>
    </message>
    <message>
        <source>Add step %1</source>
        <translation>Ajouter l’étape %1</translation>
    </message>
    <message>
        <source>Delete step %1</source>
        <translation>Supprimer l’étape %1</translation>
    </message>
    <message>
        <source>%1 depends on %2</source>
        <translation>%1 dépend de %2</translation>
    </message>
    <message>
        <source>Edit %1 of %2</source>
        <translation>Modifier %1 de %2</translation>
    </message>
    <message>
        <source>Input is not valid JSON (at character %1): %2</source>
        <translation>L’entrée n’est pas du JSON valide (caractère %1) : %2</translation>
    </message>
    <message>
        <source>Edit step %1</source>
        <translation>Modifier l’étape %1</translation>
    </message>
    <message>
        <source>Valid.</source>
        <translation>Valide.</translation>
    </message>
    <message numerus="yes">
        <source>%n problem(s).</source>
        <translation>
            <numerusform>%n problème.</numerusform>
            <numerusform>%n problèmes.</numerusform>
        </translation>
    </message>
</context>
</TS>
