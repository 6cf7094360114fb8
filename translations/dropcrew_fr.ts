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
    <message>
        <source>%1 depends on %2 (click it and press Delete to remove it)</source>
        <translation>%1 dépend de %2 (cliquez dessus et appuyez sur Suppr pour retirer cette dépendance)</translation>
    </message>
</context>
<context>
    <name>dc::ui::AdminPage</name>
    <message>
        <source>Please confirm</source>
        <translation>Veuillez confirmer</translation>
    </message>
    <message>
        <source>Type %1 to confirm:</source>
        <translation>Tapez %1 pour confirmer :</translation>
    </message>
    <message>
        <source>Save the customer&apos;s data</source>
        <translation>Enregistrer les données du client</translation>
    </message>
    <message>
        <source>JSON files (*.json)</source>
        <translation>Fichiers JSON (*.json)</translation>
    </message>
    <message>
        <source>API keys</source>
        <translation>Clés d’API</translation>
    </message>
    <message>
        <source>Subscriptions</source>
        <translation>Abonnements</translation>
    </message>
    <message>
        <source>Remote agents</source>
        <translation>Agents distants</translation>
    </message>
    <message>
        <source>Alert rules</source>
        <translation>Règles d’alerte</translation>
    </message>
    <message>
        <source>Audit log</source>
        <translation>Journal d’audit</translation>
    </message>
    <message>
        <source>Customers (GDPR)</source>
        <translation>Clients (RGPD)</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Rôle</translation>
    </message>
    <message>
        <source>Created by</source>
        <translation>Créée par</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Création</translation>
    </message>
    <message>
        <source>Last used</source>
        <translation>Dernière utilisation</translation>
    </message>
    <message>
        <source>never</source>
        <translation>jamais</translation>
    </message>
    <message>
        <source>State</source>
        <translation>État</translation>
    </message>
    <message>
        <source>Revoked %1</source>
        <translation>Révoquée le %1</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Active</translation>
    </message>
    <message>
        <source>what uses it, e.g. ci-deploy</source>
        <translation>ce qui l’utilise, p. ex. ci-deploy</translation>
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
        <source>New key…</source>
        <translation>Nouvelle clé…</translation>
    </message>
    <message>
        <source>Revoke…</source>
        <translation>Révoquer…</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Nom :</translation>
    </message>
    <message>
        <source>Role:</source>
        <translation>Rôle :</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Webhook</source>
        <translation>Webhook</translation>
    </message>
    <message>
        <source>In-process</source>
        <translation>Interne</translation>
    </message>
    <message>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <source>Topics</source>
        <translation>Sujets</translation>
    </message>
    <message>
        <source>Filter</source>
        <translation>Filtre</translation>
    </message>
    <message>
        <source>Dead letters waiting</source>
        <translation>Lettres mortes en attente</translation>
    </message>
    <message>
        <source>Retrying</source>
        <translation>Nouvel essai</translation>
    </message>
    <message>
        <source>Catching up</source>
        <translation>Rattrapage en cours</translation>
    </message>
    <message>
        <source>Up to date</source>
        <translation>À jour</translation>
    </message>
    <message>
        <source>Behind (events)</source>
        <translation>Retard (événements)</translation>
    </message>
    <message>
        <source>Dead letters</source>
        <translation>Lettres mortes</translation>
    </message>
    <message>
        <source>a-z, 0-9, _ . -</source>
        <translation>a-z, 0-9, _ . -</translation>
    </message>
    <message>
        <source>topic patterns, e.g. order.*, alert.raised</source>
        <translation>motifs de sujet, p. ex. order.*, alert.raised</translation>
    </message>
    <message>
        <source>16 characters or more; the receiver checks signatures with it</source>
        <translation>16 caractères ou plus ; le destinataire s’en sert pour vérifier les signatures</translation>
    </message>
    <message>
        <source>optional expression</source>
        <translation>expression facultative</translation>
    </message>
    <message>
        <source>Add subscription</source>
        <translation>Ajouter l’abonnement</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>Supprimer…</translation>
    </message>
    <message>
        <source>Send to URL:</source>
        <translation>Envoyer à l’URL :</translation>
    </message>
    <message>
        <source>Topics:</source>
        <translation>Sujets :</translation>
    </message>
    <message>
        <source>Signing secret:</source>
        <translation>Secret de signature :</translation>
    </message>
    <message>
        <source>Filter:</source>
        <translation>Filtre :</translation>
    </message>
    <message>
        <source>Actions</source>
        <translation>Actions</translation>
    </message>
    <message>
        <source>Timeout (ms)</source>
        <translation>Délai d’expiration (ms)</translation>
    </message>
    <message>
        <source>Changed</source>
        <translation>Modification</translation>
    </message>
    <message>
        <source>lower_snake_case</source>
        <translation>minuscules_et_tirets_bas</translation>
    </message>
    <message>
        <source>unchanged when empty; needed for a new agent or a new host</source>
        <translation>inchangé si vide ; nécessaire pour un nouvel agent ou un nouvel hôte</translation>
    </message>
    <message>
        <source>Register or update</source>
        <translation>Enregistrer ou mettre à jour</translation>
    </message>
    <message>
        <source>Remove…</source>
        <translation>Supprimer…</translation>
    </message>
    <message>
        <source>URL:</source>
        <translation>URL :</translation>
    </message>
    <message>
        <source>Timeout:</source>
        <translation>Délai d’expiration :</translation>
    </message>
    <message>
        <source>Actions (JSON):</source>
        <translation>Actions (JSON) :</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>Règle</translation>
    </message>
    <message>
        <source>Enabled</source>
        <translation>Activée</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>Oui</translation>
    </message>
    <message>
        <source>No</source>
        <translation>Non</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>Gravité</translation>
    </message>
    <message>
        <source>Critical</source>
        <translation>Critique</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>Avertissement</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Paramètres</translation>
    </message>
    <message>
        <source>Channels</source>
        <translation>Canaux</translation>
    </message>
    <message>
        <source>%1 by %2</source>
        <translation>%1 par %2</translation>
    </message>
    <message>
        <source>as shipped</source>
        <translation>d’origine</translation>
    </message>
    <message>
        <source>Raised when</source>
        <translation>Levée quand</translation>
    </message>
    <message>
        <source>The rule&apos;s settings as JSON, e.g. {&quot;minutes&quot;: 60}; a setting left out takes its shipped value</source>
        <translation>Les paramètres de la règle en JSON, p. ex. {&quot;minutes&quot;: 60} ; un paramètre omis prend sa valeur d’origine</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <source>Save the rule</source>
        <translation>Enregistrer la règle</translation>
    </message>
    <message>
        <source>Settings:</source>
        <translation>Paramètres :</translation>
    </message>
    <message>
        <source>Notify by:</source>
        <translation>Notifier par :</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Heure</translation>
    </message>
    <message>
        <source>Actor</source>
        <translation>Acteur</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>Cible</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Résultat</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Adresse</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>Détail</translation>
    </message>
    <message>
        <source>all actors, or e.g. user:alice</source>
        <translation>tous les acteurs, ou p. ex. user:alice</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Actualiser</translation>
    </message>
    <message>
        <source>Load more</source>
        <translation>Charger plus</translation>
    </message>
    <message>
        <source>Verify chain</source>
        <translation>Vérifier la chaîne</translation>
    </message>
    <message>
        <source>Checks that no entry was altered, inserted or removed</source>
        <translation>Vérifie qu’aucune entrée n’a été modifiée, insérée ou supprimée</translation>
    </message>
    <message>
        <source>Actor:</source>
        <translation>Acteur :</translation>
    </message>
    <message>
        <source>A customer&apos;s data request or erasure (GDPR), by the customer&apos;s number (the customer_id of their orders). Export saves everything kept about them as a JSON file; erase removes their name, e-mail, phone and addresses from the customer and every order for good, keeping the orders&apos; amounts.</source>
        <translation>Demande d’accès aux données d’un client ou effacement (RGPD), par son numéro de client (le customer_id de ses commandes). L’export enregistre tout ce qui est conservé à son sujet dans un fichier JSON ; l’effacement supprime définitivement son nom, son e-mail, son téléphone et ses adresses de la fiche client et de chaque commande, en conservant les montants des commandes.</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Exporter…</translation>
    </message>
    <message>
        <source>Erase…</source>
        <translation>Effacer…</translation>
    </message>
    <message>
        <source>Customer number:</source>
        <translation>Numéro de client :</translation>
    </message>
    <message>
        <source>Cannot load the list: %1</source>
        <translation>Impossible de charger la liste : %1</translation>
    </message>
    <message>
        <source>Refused: %1</source>
        <translation>Refusé : %1</translation>
    </message>
    <message>
        <source>Name the key after what will use it.</source>
        <translation>Nommez la clé d’après ce qui va l’utiliser.</translation>
    </message>
    <message>
        <source>Key %1 created.</source>
        <translation>Clé %1 créée.</translation>
    </message>
    <message>
        <source>API key %1</source>
        <translation>Clé d’API %1</translation>
    </message>
    <message>
        <source>Copy the key&apos;s secret now and keep it somewhere safe: it will not be shown again. Programs send it as the header &quot;Authorization: Bearer &lt;secret&gt;&quot;.</source>
        <translation>Copiez le secret de la clé maintenant et conservez-le en lieu sûr : il ne sera plus affiché. Les programmes l’envoient dans l’en-tête « Authorization: Bearer &lt;secret&gt; ».</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Copier</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>Copié</translation>
    </message>
    <message>
        <source>Revoke the API key “%1”? Every program using it is refused from now on; this cannot be undone.</source>
        <translation>Révoquer la clé d’API « %1 » ? Tout programme qui l’utilise sera désormais refusé ; cette action est irréversible.</translation>
    </message>
    <message>
        <source>Key %1 revoked.</source>
        <translation>Clé %1 révoquée.</translation>
    </message>
    <message>
        <source>Subscription %1 added: the events from now on are sent to it.</source>
        <translation>Abonnement %1 ajouté : les événements lui sont désormais envoyés.</translation>
    </message>
    <message>
        <source>Delete the subscription “%1”? Nothing more is sent to %2, and its undelivered events and dead letters are dropped.</source>
        <translation>Supprimer l’abonnement « %1 » ? Plus rien n’est envoyé à %2, et ses événements non distribués et ses lettres mortes sont abandonnés.</translation>
    </message>
    <message>
        <source>Subscription %1 deleted.</source>
        <translation>Abonnement %1 supprimé.</translation>
    </message>
    <message>
        <source>The agent needs a name.</source>
        <translation>L’agent doit avoir un nom.</translation>
    </message>
    <message>
        <source>Actions: a JSON list of actions is needed (%1).</source>
        <translation>Actions : une liste JSON d’actions est nécessaire (%1).</translation>
    </message>
    <message>
        <source>not a list</source>
        <translation>ce n’est pas une liste</translation>
    </message>
    <message>
        <source>Remote agent %1 saved; its actions can be called now.</source>
        <translation>Agent distant %1 enregistré ; ses actions peuvent maintenant être appelées.</translation>
    </message>
    <message>
        <source>Remove the remote agent “%1”? Its actions disappear, and workflow steps calling them fail.</source>
        <translation>Supprimer l’agent distant « %1 » ? Ses actions disparaissent, et les étapes de workflow qui les appellent échoueront.</translation>
    </message>
    <message>
        <source>Remote agent %1 removed.</source>
        <translation>Agent distant %1 supprimé.</translation>
    </message>
    <message>
        <source>Settings: a JSON object is needed, e.g. {&quot;minutes&quot;: 60}.</source>
        <translation>Paramètres : un objet JSON est nécessaire, p. ex. {&quot;minutes&quot;: 60}.</translation>
    </message>
    <message>
        <source>Rule %1 saved.</source>
        <translation>Règle %1 enregistrée.</translation>
    </message>
    <message>
        <source>Cannot read the audit log: %1</source>
        <translation>Impossible de lire le journal d’audit : %1</translation>
    </message>
    <message>
        <source>Checking the chain…</source>
        <translation>Vérification de la chaîne…</translation>
    </message>
    <message>
        <source>Not checked: %1</source>
        <translation>Non vérifiée : %1</translation>
    </message>
    <message numerus="yes">
        <source>Chain intact (%n entries)</source>
        <translation>
            <numerusform>Chaîne intacte (%n entrée)</numerusform>
            <numerusform>Chaîne intacte (%n entrées)</numerusform>
        </translation>
    </message>
    <message>
        <source>Chain broken at entry %1: %2</source>
        <translation>Chaîne rompue à l’entrée %1 : %2</translation>
    </message>
    <message>
        <source>Chain broken: %1</source>
        <translation>Chaîne rompue : %1</translation>
    </message>
    <message>
        <source>Reading customer %1&apos;s data…</source>
        <translation>Lecture des données du client %1…</translation>
    </message>
    <message>
        <source>Not exported: %1</source>
        <translation>Non exporté : %1</translation>
    </message>
    <message>
        <source>Export cancelled: nothing was saved.</source>
        <translation>Export annulé : rien n’a été enregistré.</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>Impossible d’écrire %1 : %2</translation>
    </message>
    <message numerus="yes">
        <source>Customer %1&apos;s data (%n order(s)) saved to %2.</source>
        <translation>
            <numerusform>Données du client %1 (%n commande) enregistrées dans %2.</numerusform>
            <numerusform>Données du client %1 (%n commandes) enregistrées dans %2.</numerusform>
        </translation>
    </message>
    <message>
        <source>Erase the personal data of customer %1? Their name, e-mail, phone and the addresses of all their orders are removed for good; the orders&apos; amounts stay.</source>
        <translation>Effacer les données personnelles du client %1 ? Son nom, son e-mail, son téléphone et les adresses de toutes ses commandes sont supprimés définitivement ; les montants des commandes sont conservés.</translation>
    </message>
    <message>
        <source>Nothing was erased.</source>
        <translation>Rien n’a été effacé.</translation>
    </message>
    <message>
        <source>Not erased: %1</source>
        <translation>Non effacé : %1</translation>
    </message>
    <message numerus="yes">
        <source>Customer %1 erased; %n order(s) cleared.</source>
        <translation>
            <numerusform>Client %1 effacé ; %n commande anonymisée.</numerusform>
            <numerusform>Client %1 effacé ; %n commandes anonymisées.</numerusform>
        </translation>
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
    <name>dc::ui::BulkOrdersDialog</name>
    <message>
        <source>only received or failed orders are processed</source>
        <translation>seules les commandes reçues ou en échec sont traitées</translation>
    </message>
    <message>
        <source>already closed</source>
        <translation>déjà clôturée</translation>
    </message>
    <message>
        <source>already on hold</source>
        <translation>déjà suspendue</translation>
    </message>
    <message>
        <source>not on hold</source>
        <translation>non suspendue</translation>
    </message>
    <message>
        <source>%1 (%2): %3</source>
        <translation>%1 (%2) : %3</translation>
    </message>
    <message>
        <source>Process</source>
        <translation>Traiter</translation>
    </message>
    <message>
        <source>Hold</source>
        <translation>Suspendre</translation>
    </message>
    <message>
        <source>Release</source>
        <translation>Libérer</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Relancer</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message numerus="yes">
        <source>%1 %n order(s)</source>
        <translation>
            <numerusform>%1 %n commande</numerusform>
            <numerusform>%1 %n commandes</numerusform>
        </translation>
    </message>
    <message>
        <source>%v of %m</source>
        <translation>%v sur %m</translation>
    </message>
    <message>
        <source>What the server refuses is listed here.</source>
        <translation>Ce que le serveur refuse est listé ici.</translation>
    </message>
    <message>
        <source>Left alone:</source>
        <translation>Laissées de côté :</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Arrêter</translation>
    </message>
    <message>
        <source>Why are these orders cancelled? (kept in each order)</source>
        <translation>Pourquoi ces commandes sont-elles annulées ? (conservé dans chaque commande)</translation>
    </message>
    <message numerus="yes">
        <source>%n order(s) start the order processing workflow: each goes to its supplier if nothing holds it.</source>
        <translation>
            <numerusform>%n commande lance le workflow de traitement des commandes : elle part chez son fournisseur si rien ne la suspend.</numerusform>
            <numerusform>%n commandes lancent le workflow de traitement des commandes : chacune part chez son fournisseur si rien ne la suspend.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n order(s) are held: nothing more is sent to a supplier for them until they are released.</source>
        <translation>
            <numerusform>%n commande est suspendue : plus rien n’est envoyé à un fournisseur pour elle jusqu’à ce qu’elle soit libérée.</numerusform>
            <numerusform>%n commandes sont suspendues : plus rien n’est envoyé à un fournisseur pour elles jusqu’à ce qu’elles soient libérées.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n order(s) are released and go on where they stopped.</source>
        <translation>
            <numerusform>%n commande est libérée et reprend là où elle s’était arrêtée.</numerusform>
            <numerusform>%n commandes sont libérées et reprennent là où elles s’étaient arrêtées.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n order(s) have their failed workflow run retried from the failed step (an order without a failed run is refused and listed).</source>
        <translation>
            <numerusform>%n commande voit son exécution de workflow en échec relancée à partir de l’étape en échec (une commande sans exécution en échec est refusée et listée).</numerusform>
            <numerusform>%n commandes voient leur exécution de workflow en échec relancée à partir de l’étape en échec (une commande sans exécution en échec est refusée et listée).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n order(s) are cancelled. A supplier order already placed is not cancelled at AliExpress: such orders are held for you instead.</source>
        <translation>
            <numerusform>%n commande est annulée. Une commande fournisseur déjà passée n’est pas annulée chez AliExpress : dans ce cas, la commande est suspendue pour que vous vous en chargiez.</numerusform>
            <numerusform>%n commandes sont annulées. Une commande fournisseur déjà passée n’est pas annulée chez AliExpress : dans ce cas, la commande est suspendue pour que vous vous en chargiez.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n selected order(s) are left alone (listed below).</source>
        <translation>
            <numerusform>%n commande sélectionnée est laissée de côté (listée ci-dessous).</numerusform>
            <numerusform>%n commandes sélectionnées sont laissées de côté (listées ci-dessous).</numerusform>
        </translation>
    </message>
    <message>
        <source>Stopped: %1 done, %2 refused, %3 not sent.</source>
        <translation>Arrêté : %1 effectuées, %2 refusées, %3 non envoyées.</translation>
    </message>
    <message>
        <source>Finished: %1 done, %2 refused.</source>
        <translation>Terminé : %1 effectuées, %2 refusées.</translation>
    </message>
    <message>
        <source>%1: refused: %2</source>
        <translation>%1 : refusée : %2</translation>
    </message>
    <message numerus="yes">
        <source>The server asks to slow down: going on in %n second(s)…</source>
        <translation>
            <numerusform>Le serveur demande de ralentir : reprise dans %n seconde…</numerusform>
            <numerusform>Le serveur demande de ralentir : reprise dans %n secondes…</numerusform>
        </translation>
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
    <name>dc::ui::DryRunDialog</name>
    <message>
        <source>Dry run</source>
        <translation>Exécution à blanc</translation>
    </message>
    <message>
        <source>Dry run of %1</source>
        <translation>Exécution à blanc de %1</translation>
    </message>
    <message>
        <source>Recorded event</source>
        <translation>Événement enregistré</translation>
    </message>
    <message>
        <source>Topic pattern (order.*, ext.#); empty: every topic</source>
        <translation>Motif de sujet (order.*, ext.#) ; vide : tous les sujets</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Chercher</translation>
    </message>
    <message>
        <source>Manual input</source>
        <translation>Entrée manuelle</translation>
    </message>
    <message>
        <source>The run&apos;s input, a JSON object</source>
        <translation>L’entrée de l’exécution, un objet JSON</translation>
    </message>
    <message>
        <source>Renders every step as a run would, without running anything</source>
        <translation>Évalue chaque étape comme le ferait une exécution, sans rien exécuter</translation>
    </message>
    <message>
        <source>Reading the definition…</source>
        <translation>Lecture de la définition…</translation>
    </message>
    <message>
        <source>Looking for the recent events…</source>
        <translation>Recherche des événements récents…</translation>
    </message>
    <message>
        <source>The events could not be read: %1</source>
        <translation>Impossible de lire les événements : %1</translation>
    </message>
    <message>
        <source>No event is recorded.</source>
        <translation>Aucun événement n’est enregistré.</translation>
    </message>
    <message>
        <source>No event of %1 is recorded.</source>
        <translation>Aucun événement %1 n’est enregistré.</translation>
    </message>
    <message numerus="yes">
        <source>%n recent event(s).</source>
        <translation>
            <numerusform>%n événement récent.</numerusform>
            <numerusform>%n événements récents.</numerusform>
        </translation>
    </message>
    <message>
        <source>The input is not JSON: %1 (at character %2)</source>
        <translation>L’entrée n’est pas du JSON : %1 (caractère %2)</translation>
    </message>
    <message>
        <source>The input must be a JSON object: {…}</source>
        <translation>L’entrée doit être un objet JSON : {…}</translation>
    </message>
    <message>
        <source>Choose an event first.</source>
        <translation>Choisissez d’abord un événement.</translation>
    </message>
    <message>
        <source>Rendering the steps…</source>
        <translation>Évaluation des étapes…</translation>
    </message>
    <message>
        <source>The definition does not validate: line %1, column %2: %3</source>
        <translation>La définition n’est pas valide : ligne %1, colonne %2 : %3</translation>
    </message>
    <message>
        <source>Refused: %1</source>
        <translation>Refusé : %1</translation>
    </message>
    <message>
        <source>Warnings:</source>
        <translation>Avertissements :</translation>
    </message>
    <message>
        <source>Event %1 (%2)</source>
        <translation>Événement %1 (%2)</translation>
    </message>
    <message numerus="yes">
        <source>%1: %n step(s) rendered, nothing was run.</source>
        <translation>
            <numerusform>%1 : %n étape évaluée, rien n’a été exécuté.</numerusform>
            <numerusform>%1 : %n étapes évaluées, rien n’a été exécuté.</numerusform>
        </translation>
    </message>
    <message>
        <source>The run&apos;s key would be %1.</source>
        <translation>La clé de l’exécution serait %1.</translation>
    </message>
    <message>
        <source>No problem found.</source>
        <translation>Aucun problème trouvé.</translation>
    </message>
    <message numerus="yes">
        <source>%n problem(s) found.</source>
        <translation>
            <numerusform>%n problème trouvé.</numerusform>
            <numerusform>%n problèmes trouvés.</numerusform>
        </translation>
    </message>
    <message>
        <source>Hidden: your role may not read personal data.</source>
        <translation>Masqué : votre rôle ne permet pas de lire les données personnelles.</translation>
    </message>
    <message>
        <source>No input: for_each gives no item, no task would run.</source>
        <translation>Aucune entrée : for_each ne donne aucun élément, aucune tâche ne serait lancée.</translation>
    </message>
    <message>
        <source>Would be skipped: %1.</source>
        <translation>Serait ignorée : %1.</translation>
    </message>
    <message>
        <source>Whether it runs depends on what earlier steps give.</source>
        <translation>Son exécution dépend de ce que donnent les étapes précédentes.</translation>
    </message>
    <message numerus="yes">
        <source>The input of the first of %n item(s).</source>
        <translation>
            <numerusform>L’entrée du premier élément sur %n.</numerusform>
            <numerusform>L’entrée du premier des %n éléments.</numerusform>
        </translation>
    </message>
    <message>
        <source>Known only once the run gets there (shown as &lt;…&gt;): %1.</source>
        <translation>Inconnu tant que l’exécution n’y est pas arrivée (affiché &lt;…&gt;) : %1.</translation>
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
</context>
<context>
    <name>dc::ui::DryRunStepsModel</name>
    <message>
        <source>unknown</source>
        <translation>inconnu</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>oui</translation>
    </message>
    <message>
        <source>no</source>
        <translation>non</translation>
    </message>
    <message numerus="yes">
        <source>%1 (and %n more)</source>
        <translation>
            <numerusform>%1 (et %n autre)</numerusform>
            <numerusform>%1 (et %n autres)</numerusform>
        </translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Étape</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Condition</translation>
    </message>
    <message>
        <source>Items</source>
        <translation>Éléments</translation>
    </message>
    <message>
        <source>Problems</source>
        <translation>Problèmes</translation>
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
    <name>dc::ui::KpiTiles</name>
    <message>
        <source>Orders today</source>
        <translation>Commandes du jour</translation>
    </message>
    <message>
        <source>Show today&apos;s orders</source>
        <translation>Afficher les commandes du jour</translation>
    </message>
    <message>
        <source>Revenue today</source>
        <translation>Chiffre d’affaires du jour</translation>
    </message>
    <message>
        <source>Total less tax of today&apos;s orders</source>
        <translation>Total hors taxes des commandes du jour</translation>
    </message>
    <message>
        <source>Margin today</source>
        <translation>Marge du jour</translation>
    </message>
    <message>
        <source>Revenue less supplier cost, shipping and fees of today&apos;s orders sent to a supplier</source>
        <translation>Chiffre d’affaires moins le coût fournisseur, la livraison et les frais des commandes du jour transmises à un fournisseur</translation>
    </message>
    <message>
        <source>Held</source>
        <translation>Suspendues</translation>
    </message>
    <message>
        <source>Orders on hold, waiting for an operator</source>
        <translation>Commandes suspendues, en attente d’un opérateur</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Échouées</translation>
    </message>
    <message>
        <source>Orders whose processing failed</source>
        <translation>Commandes dont le traitement a échoué</translation>
    </message>
    <message>
        <source>In transit</source>
        <translation>En transit</translation>
    </message>
    <message>
        <source>Orders shipped, not delivered yet</source>
        <translation>Commandes expédiées, pas encore livrées</translation>
    </message>
    <message>
        <source>Hours to ship</source>
        <translation>Heures avant expédition</translation>
    </message>
    <message>
        <source>Average hours from order to first shipment, orders of the last 30 days</source>
        <translation>Nombre moyen d’heures entre la commande et la première expédition, sur les commandes des 30 derniers jours</translation>
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
    <message numerus="yes">
        <source>%n order(s) on hold</source>
        <translation>
            <numerusform>%n commande suspendue</numerusform>
            <numerusform>%n commandes suspendues</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n failed run(s)</source>
        <translation>
            <numerusform>%n exécution en échec</numerusform>
            <numerusform>%n exécutions en échec</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n dead task(s)</source>
        <translation>
            <numerusform>%n tâche morte</numerusform>
            <numerusform>%n tâches mortes</numerusform>
        </translation>
    </message>
    <message>
        <source>Profitability</source>
        <translation>Rentabilité</translation>
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
        <translation>Nouvelle commande</translation>
    </message>
    <message>
        <source>e.g. PHONE-1042 (unique, shown in lists)</source>
        <translation>p. ex. TEL-1042 (unique, affiché dans les listes)</translation>
    </message>
    <message>
        <source>Order name:</source>
        <translation>Nom de la commande :</translation>
    </message>
    <message>
        <source>Customer name:</source>
        <translation>Nom du client :</translation>
    </message>
    <message>
        <source>Address:</source>
        <translation>Adresse :</translation>
    </message>
    <message>
        <source>Address (2):</source>
        <translation>Complément d’adresse :</translation>
    </message>
    <message>
        <source>Postal code:</source>
        <translation>Code postal :</translation>
    </message>
    <message>
        <source>City:</source>
        <translation>Ville :</translation>
    </message>
    <message>
        <source>Region:</source>
        <translation>Région :</translation>
    </message>
    <message>
        <source>Country (ISO code):</source>
        <translation>Pays (code ISO) :</translation>
    </message>
    <message>
        <source>Phone:</source>
        <translation>Téléphone :</translation>
    </message>
    <message>
        <source>FR, DE, US…</source>
        <translation>FR, DE, US…</translation>
    </message>
    <message>
        <source>Find a product: title or SKU</source>
        <translation>Trouver un produit : titre ou SKU</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Ajouter</translation>
    </message>
    <message>
        <source>Add a line by hand</source>
        <translation>Ajouter une ligne à la main</translation>
    </message>
    <message>
        <source>Remove line</source>
        <translation>Supprimer la ligne</translation>
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
        <source>Paid</source>
        <translation>Payée</translation>
    </message>
    <message>
        <source>Payment authorised</source>
        <translation>Paiement autorisé</translation>
    </message>
    <message>
        <source>Not paid yet (held until paid)</source>
        <translation>Pas encore payée (suspendue jusqu’au paiement)</translation>
    </message>
    <message>
        <source>Currency:</source>
        <translation>Devise :</translation>
    </message>
    <message>
        <source>Shipping charged:</source>
        <translation>Livraison facturée :</translation>
    </message>
    <message>
        <source>Tax:</source>
        <translation>Taxes :</translation>
    </message>
    <message>
        <source>Payment:</source>
        <translation>Paiement :</translation>
    </message>
    <message>
        <source>Create order</source>
        <translation>Créer la commande</translation>
    </message>
    <message>
        <source>Cannot search the catalog: %1</source>
        <translation>Impossible de chercher dans le catalogue : %1</translation>
    </message>
    <message>
        <source>Nothing found</source>
        <translation>Aucun résultat</translation>
    </message>
    <message>
        <source>Add at least one item.</source>
        <translation>Ajoutez au moins un article.</translation>
    </message>
    <message>
        <source>Creating…</source>
        <translation>Création…</translation>
    </message>
    <message>
        <source>Not created: %1</source>
        <translation>Non créée : %1</translation>
    </message>
    <message>
        <source>This product is priced in %1 and the order in %2: one currency per order.</source>
        <translation>Ce produit a un prix en %1 et la commande est en %2 : une seule devise par commande.</translation>
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
            <numerusform>; %n commande suspendue les attend.</numerusform>
            <numerusform>; %n commandes suspendues les attendent.</numerusform>
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
            <numerusform>%n commande suspendue reprend son cours.</numerusform>
            <numerusform>%n commandes suspendues reprennent leur cours.</numerusform>
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
        <translation>suspendue par un opérateur</translation>
    </message>
</context>
<context>
    <name>dc::ui::OrdersPage</name>
    <message>
        <source>All statuses</source>
        <translation>Tous les statuts</translation>
    </message>
    <message>
        <source>Shop</source>
        <translation>Boutique</translation>
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
        <translation>Suspendre</translation>
    </message>
    <message>
        <source>Approve</source>
        <translation>Approuver</translation>
    </message>
    <message>
        <source>Approve a held order (low margin) and resume its workflow</source>
        <translation>Approuver une commande suspendue (marge faible) et reprendre son workflow</translation>
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
    <message>
        <source>Search: order, product, SKU, AliExpress order, tracking number, e-mail</source>
        <translation>Rechercher : commande, produit, SKU, commande AliExpress, numéro de suivi, e-mail</translation>
    </message>
    <message>
        <source>Process…</source>
        <translation>Traiter…</translation>
    </message>
    <message>
        <source>Hold…</source>
        <translation>Suspendre…</translation>
    </message>
    <message>
        <source>Release…</source>
        <translation>Libérer…</translation>
    </message>
    <message>
        <source>Retry…</source>
        <translation>Relancer…</translation>
    </message>
    <message>
        <source>Cancel…</source>
        <translation>Annuler…</translation>
    </message>
    <message>
        <source>New order…</source>
        <translation>Nouvelle commande…</translation>
    </message>
    <message>
        <source>An order taken by phone or on a marketplace</source>
        <translation>Une commande prise par téléphone ou sur une place de marché</translation>
    </message>
    <message>
        <source>Bulk action: %1 done, %2 refused.</source>
        <translation>Action groupée : %1 effectuées, %2 refusées.</translation>
    </message>
    <message>
        <source>Order %1 created.</source>
        <translation>Commande %1 créée.</translation>
    </message>
    <message numerus="yes">
        <source>%n selected…</source>
        <translation>
            <numerusform>%n sélectionnée…</numerusform>
            <numerusform>%n sélectionnées…</numerusform>
        </translation>
    </message>
    <message>
        <source>Bulk actions…</source>
        <translation>Actions groupées…</translation>
    </message>
    <message>
        <source>Replacements</source>
        <translation>Remplacements</translation>
    </message>
    <message>
        <source>Only the orders sent again as replacements</source>
        <translation>Seulement les commandes renvoyées en remplacement</translation>
    </message>
    <message>
        <source>Saved filters</source>
        <translation>Filtres enregistrés</translation>
    </message>
    <message>
        <source>Save filter…</source>
        <translation>Enregistrer le filtre…</translation>
    </message>
    <message>
        <source>Forget</source>
        <translation>Oublier</translation>
    </message>
    <message>
        <source>Forget the saved filter shown</source>
        <translation>Oublier le filtre enregistré affiché</translation>
    </message>
    <message>
        <source>Save filter</source>
        <translation>Enregistrer le filtre</translation>
    </message>
    <message>
        <source>Name of this filter:</source>
        <translation>Nom de ce filtre :</translation>
    </message>
    <message>
        <source>Saved filters…</source>
        <translation>Filtres enregistrés…</translation>
    </message>
    <message>
        <source>Replaced by %1</source>
        <translation>Remplacée par %1</translation>
    </message>
    <message>
        <source>Replacement of %1</source>
        <translation>Remplacement de %1</translation>
    </message>
    <message>
        <source>order %1</source>
        <translation>commande %1</translation>
    </message>
    <message>
        <source>supplier score %1/100</source>
        <translation>note du fournisseur %1/100</translation>
    </message>
    <message numerus="yes">
        <source>expected around %1, at the latest %2 (from %n delivery(ies))</source>
        <translation>
            <numerusform>attendue vers le %1, au plus tard le %2 (d’après %n livraison)</numerusform>
            <numerusform>attendue vers le %1, au plus tard le %2 (d’après %n livraisons)</numerusform>
        </translation>
    </message>
    <message>
        <source>Found at AliExpress</source>
        <translation>Trouvée sur AliExpress</translation>
    </message>
    <message>
        <source>The AliExpress order id shown in the buyer account:</source>
        <translation>Le numéro de commande AliExpress affiché dans le compte acheteur :</translation>
    </message>
    <message>
        <source>Not at AliExpress</source>
        <translation>Absente d’AliExpress</translation>
    </message>
    <message>
        <source>This supplier order is not in the AliExpress buyer account? It is placed again under the same reference, which finds it if it does exist: it is never bought twice.</source>
        <translation>Cette commande fournisseur n’est pas dans le compte acheteur AliExpress ? Elle est repassée sous la même référence, qui la retrouve si elle existe : elle n’est jamais achetée deux fois.</translation>
    </message>
    <message>
        <source>No answer from AliExpress: check the buyer account.</source>
        <translation>Pas de réponse d’AliExpress : vérifiez le compte acheteur.</translation>
    </message>
    <message>
        <source>Found it…</source>
        <translation>Trouvée…</translation>
    </message>
    <message>
        <source>Not there…</source>
        <translation>Absente…</translation>
    </message>
</context>
<context>
    <name>dc::ui::PayloadModel</name>
    <message>
        <source>more… (double-click)</source>
        <translation>plus… (double-clic)</translation>
    </message>
    <message>
        <source>(personal data: needs the personal.read permission)</source>
        <translation>(données personnelles : nécessite la permission personal.read)</translation>
    </message>
    <message numerus="yes">
        <source>{%n key(s)}</source>
        <translation>
            <numerusform>{%n clé}</numerusform>
            <numerusform>{%n clés}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>[%n item(s)]</source>
        <translation>
            <numerusform>[%n élément]</numerusform>
            <numerusform>[%n éléments]</numerusform>
        </translation>
    </message>
    <message>
        <source>%1… (%2 characters)</source>
        <translation>%1… (%2 caractères)</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Clé</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Valeur</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Cannot read this payload: %1</source>
        <translation>Impossible de lire ce contenu : %1</translation>
    </message>
    <message>
        <source>Personal data: reading it needs the personal.read permission.</source>
        <translation>Données personnelles : leur lecture nécessite la permission personal.read.</translation>
    </message>
</context>
<context>
    <name>dc::ui::PayloadView</name>
    <message>
        <source>Select a text value to read it whole.</source>
        <translation>Sélectionnez une valeur texte pour la lire en entier.</translation>
    </message>
    <message>
        <source>… cut here: %1 characters in all.</source>
        <translation>… coupé ici : %1 caractères au total.</translation>
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
        <translation>Les commandes avec une telle variante restent suspendues jusqu’à ce qu’elle ait une offre</translation>
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
    <name>dc::ui::ProfitabilityModel</name>
    <message>
        <source>Product %1</source>
        <translation>Produit %1</translation>
    </message>
    <message>
        <source>Supplier %1</source>
        <translation>Fournisseur %1</translation>
    </message>
    <message>
        <source>(no longer in the catalog)</source>
        <translation>(plus au catalogue)</translation>
    </message>
    <message>
        <source>Orders sent to a supplier, created in the period (an order of two products counts in each)</source>
        <translation>Commandes transmises à un fournisseur, créées sur la période (une commande de deux produits compte pour chacun)</translation>
    </message>
    <message>
        <source>What the customers paid, tax excluded; an order&apos;s revenue is shared between its lines by what each sold for</source>
        <translation>Ce que les clients ont payé, hors taxes ; le chiffre d’affaires d’une commande est réparti entre ses lignes selon le prix de vente de chacune</translation>
    </message>
    <message>
        <source>What the supplier orders cost, as recorded when they were prepared</source>
        <translation>Ce qu’ont coûté les commandes fournisseur, tel qu’enregistré lors de leur préparation</translation>
    </message>
    <message>
        <source>Payment fees on what the customers paid (the settings&apos; fixed part and rate)</source>
        <translation>Frais de paiement sur ce que les clients ont payé (part fixe et taux définis dans les paramètres)</translation>
    </message>
    <message>
        <source>Revenue less supplier cost, shipping and fees</source>
        <translation>Chiffre d’affaires moins le coût fournisseur, la livraison et les frais</translation>
    </message>
    <message>
        <source>Day (UTC)</source>
        <translation>Jour (UTC)</translation>
    </message>
    <message>
        <source>Supplier</source>
        <translation>Fournisseur</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>Produit</translation>
    </message>
    <message>
        <source>Currency</source>
        <translation>Devise</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>Commandes</translation>
    </message>
    <message>
        <source>Units</source>
        <translation>Unités</translation>
    </message>
    <message>
        <source>Revenue</source>
        <translation>Chiffre d’affaires</translation>
    </message>
    <message>
        <source>Supplier cost</source>
        <translation>Coût fournisseur</translation>
    </message>
    <message>
        <source>Shipping</source>
        <translation>Livraison</translation>
    </message>
    <message>
        <source>Fees</source>
        <translation>Frais</translation>
    </message>
    <message>
        <source>Margin</source>
        <translation>Marge</translation>
    </message>
    <message>
        <source>Margin %</source>
        <translation>Marge %</translation>
    </message>
</context>
<context>
    <name>dc::ui::ProfitabilityPage</name>
    <message>
        <source>Per product</source>
        <translation>Par produit</translation>
    </message>
    <message>
        <source>Per supplier</source>
        <translation>Par fournisseur</translation>
    </message>
    <message>
        <source>Per day</source>
        <translation>Par jour</translation>
    </message>
    <message>
        <source>Days in UTC; both days are included</source>
        <translation>Jours en UTC ; les deux jours sont inclus</translation>
    </message>
    <message>
        <source>Amounts are never added across currencies</source>
        <translation>Les montants de devises différentes ne sont jamais additionnés</translation>
    </message>
    <message>
        <source>All currencies</source>
        <translation>Toutes les devises</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>Exporter en CSV…</translation>
    </message>
    <message>
        <source>The rows as sorted here, amounts with a &apos;.&apos; decimal point</source>
        <translation>Les lignes dans l’ordre affiché ici, montants avec « . » comme séparateur décimal</translation>
    </message>
    <message>
        <source>Orders sent to a supplier only; revenue is tax excluded.</source>
        <translation>Uniquement les commandes transmises à un fournisseur ; le chiffre d’affaires est hors taxes.</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Du</translation>
    </message>
    <message>
        <source>to</source>
        <translation>au</translation>
    </message>
    <message>
        <source>Report unavailable: %1</source>
        <translation>Rapport indisponible : %1</translation>
    </message>
    <message>
        <source>Only the first %1 rows are shown: choose fewer days or one currency.</source>
        <translation>Seules les %1 premières lignes sont affichées : choisissez moins de jours ou une seule devise.</translation>
    </message>
    <message>
        <source>Total %1: %2 orders, %3 units, revenue %4, supplier cost %5, shipping %6, fees %7, margin %8 (%9)</source>
        <translation>Total %1 : %2 commandes, %3 unités, chiffre d’affaires %4, coût fournisseur %5, livraison %6, frais %7, marge %8 (%9)</translation>
    </message>
    <message>
        <source>No order was sent to a supplier in this period.</source>
        <translation>Aucune commande n’a été transmise à un fournisseur sur cette période.</translation>
    </message>
    <message>
        <source>Export the profitability as CSV</source>
        <translation>Exporter la rentabilité en CSV</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>Fichiers CSV (*.csv)</translation>
    </message>
    <message>
        <source>Not exported: %1</source>
        <translation>Non exporté : %1</translation>
    </message>
    <message>
        <source>%1 rows exported to %2.</source>
        <translation>%1 lignes exportées vers %2.</translation>
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
    <message>
        <source>Version</source>
        <translation>Version</translation>
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
        <source>Input</source>
        <translation>Entrée</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>Sortie</translation>
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
    <message>
        <source>Run %1 (version %2): %3</source>
        <translation>Exécution %1 (version %2) : %3</translation>
    </message>
    <message>
        <source>attempt %1/%2</source>
        <translation>tentative %1/%2</translation>
    </message>
    <message>
        <source>attempt %1 of %2</source>
        <translation>tentative %1 sur %2</translation>
    </message>
    <message>
        <source>next attempt at %1</source>
        <translation>prochaine tentative le %1</translation>
    </message>
    <message>
        <source>timeout %1</source>
        <translation>délai maximal %1</translation>
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
    <message>
        <source>Follow the system</source>
        <translation>Suivre le système</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>Clair</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>Sombre</translation>
    </message>
    <message>
        <source>Theme:</source>
        <translation>Thème :</translation>
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
        <translation>Suspendue</translation>
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
        <source>Refunded</source>
        <translation>Remboursée</translation>
    </message>
    <message>
        <source>Prepared</source>
        <translation>Préparée</translation>
    </message>
    <message>
        <source>Submitting</source>
        <translation>Envoi en cours</translation>
    </message>
    <message>
        <source>Placed</source>
        <translation>Passée</translation>
    </message>
    <message>
        <source>Payment failed</source>
        <translation>Paiement échoué</translation>
    </message>
    <message>
        <source>In transit</source>
        <translation>En transit</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>Clôturée</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Ouverte</translation>
    </message>
    <message>
        <source>Acknowledged</source>
        <translation>Acquittée</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Active</translation>
    </message>
    <message>
        <source>Revoked</source>
        <translation>Révoquée</translation>
    </message>
    <message>
        <source>Critical</source>
        <translation>Critique</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>Avertissement</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Terminée</translation>
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
    <message>
        <source>Not scored yet: %1 supplier orders so far, %2 needed.</source>
        <translation>Pas encore noté : %1 commandes fournisseur jusqu’ici, %2 nécessaires.</translation>
    </message>
    <message>
        <source>Score %1 of 100: %2 supplier orders, %3 failed (%4 %), median delivery %5 days.</source>
        <translation>Note %1 sur 100 : %2 commandes fournisseur, %3 échouées (%4 %), livraison médiane %5 jours.</translation>
    </message>
    <message>
        <source>No delivery recorded yet.</source>
        <translation>Aucune livraison enregistrée pour l’instant.</translation>
    </message>
    <message>
        <source>Half the deliveries took at most %1 days, 9 in 10 at most %2 days (%3 deliveries).</source>
        <translation>La moitié des livraisons ont pris au plus %1 jours, 9 sur 10 au plus %2 jours (%3 livraisons).</translation>
    </message>
    <message>
        <source>The Data Analyzer&apos;s score, 0 to 100, over all the supplier&apos;s orders: 100 less the share of its supplier orders that failed, less 2 points for each day its median delivery takes beyond 10 days. A supplier with fewer orders than the minimum (min_orders_for_score) is not scored yet.</source>
        <translation>La note du Data Analyzer, de 0 à 100, sur l’ensemble des commandes du fournisseur : 100 moins la part de ses commandes fournisseur qui ont échoué, moins 2 points par jour de livraison médiane au-delà de 10 jours. Un fournisseur ayant moins de commandes que le minimum (min_orders_for_score) n’est pas encore noté.</translation>
    </message>
    <message>
        <source>Median days from the supplier order&apos;s placing to its delivery, over the supplier&apos;s latest 1000 deliveries: what an order from this supplier is expected to take.</source>
        <translation>Nombre médian de jours entre la passation de la commande fournisseur et sa livraison, sur les 1000 dernières livraisons du fournisseur : le délai à prévoir pour une commande chez ce fournisseur.</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>Delivery days</source>
        <translation>Jours de livraison</translation>
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
    <name>dc::ui::VersionsModel</name>
    <message>
        <source>Version %1, saved by %2 at %3 (UTC); SHA-256 %4</source>
        <translation>Version %1, enregistrée par %2 le %3 (UTC) ; SHA-256 %4</translation>
    </message>
    <message>
        <source>%1 (current)</source>
        <translation>%1 (actuelle)</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>Saved by</source>
        <translation>Enregistrée par</translation>
    </message>
    <message>
        <source>Saved at</source>
        <translation>Enregistrée le</translation>
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
    <message>
        <source>Versions…</source>
        <translation>Versions…</translation>
    </message>
    <message>
        <source>Every saved version of this workflow: who saved it and when, two side by side, restore one</source>
        <translation>Toutes les versions enregistrées de ce workflow : qui les a enregistrées et quand, deux côte à côte, en restaurer une</translation>
    </message>
    <message>
        <source>Dry run…</source>
        <translation>Exécution à blanc…</translation>
    </message>
    <message>
        <source>Try the definition as it is in the editor, saved or not</source>
        <translation>Essayer la définition telle qu’elle est dans l’éditeur, enregistrée ou non</translation>
    </message>
    <message>
        <source>Copy step</source>
        <translation>Copier l’étape</translation>
    </message>
    <message>
        <source>Paste step</source>
        <translation>Coller l’étape</translation>
    </message>
    <message>
        <source>Select a step to copy.</source>
        <translation>Sélectionnez une étape à copier.</translation>
    </message>
    <message>
        <source>Workflow</source>
        <translation>Workflow</translation>
    </message>
    <message>
        <source>Click a step in the graph to edit it.</source>
        <translation>Cliquez sur une étape du graphe pour la modifier.</translation>
    </message>
    <message>
        <source>what the workflow does, in one line</source>
        <translation>ce que fait le workflow, en une ligne</translation>
    </message>
    <message>
        <source>Description:</source>
        <translation>Description :</translation>
    </message>
    <message>
        <source>An event</source>
        <translation>Un événement</translation>
    </message>
    <message>
        <source>A schedule</source>
        <translation>Une planification</translation>
    </message>
    <message>
        <source>Only by hand</source>
        <translation>Seulement à la main</translation>
    </message>
    <message>
        <source>Every workflow can also be started by hand (the API, the dashboard)</source>
        <translation>Tout workflow peut aussi être lancé à la main (l’API, le tableau de bord)</translation>
    </message>
    <message>
        <source>Started by:</source>
        <translation>Lancé par :</translation>
    </message>
    <message>
        <source>a topic, such as order.created</source>
        <translation>un sujet, comme order.created</translation>
    </message>
    <message>
        <source>The event&apos;s topic; patterns (order.*) and several topics separated by commas work too</source>
        <translation>Le sujet de l’événement ; les motifs (order.*) et plusieurs sujets séparés par des virgules fonctionnent aussi</translation>
    </message>
    <message>
        <source>Event:</source>
        <translation>Événement :</translation>
    </message>
    <message>
        <source>default: the event&apos;s key</source>
        <translation>par défaut : la clé de l’événement</translation>
    </message>
    <message>
        <source>One run per key, a template: order:{{ trigger.data.order_id }}</source>
        <translation>Une exécution par clé, un modèle : order:{{ trigger.data.order_id }}</translation>
    </message>
    <message>
        <source>Run key:</source>
        <translation>Clé d’exécution :</translation>
    </message>
    <message>
        <source>every event</source>
        <translation>tous les événements</translation>
    </message>
    <message>
        <source>Only events for which this condition holds start a run: data.total_amount &gt;= 10000 and data.country == &quot;FR&quot;</source>
        <translation>Seuls les événements qui remplissent cette condition lancent une exécution : data.total_amount &gt;= 10000 and data.country == &quot;FR&quot;</translation>
    </message>
    <message>
        <source>Filter:</source>
        <translation>Filtre :</translation>
    </message>
    <message>
        <source>15 6 * * * (every day at 6:15)</source>
        <translation>15 6 * * * (tous les jours à 6 h 15)</translation>
    </message>
    <message>
        <source>Five fields: minute hour day-of-month month weekday (*, N, A-B, */S, lists, month and weekday names)</source>
        <translation>Cinq champs : minute heure jour-du-mois mois jour-de-la-semaine (*, N, A-B, */S, listes, noms anglais des mois et des jours)</translation>
    </message>
    <message>
        <source>Cron:</source>
        <translation>Cron :</translation>
    </message>
    <message>
        <source>Time zone:</source>
        <translation>Fuseau horaire :</translation>
    </message>
    <message>
        <source>one run on start</source>
        <translation>une exécution au démarrage</translation>
    </message>
    <message>
        <source>skip them</source>
        <translation>les ignorer</translation>
    </message>
    <message>
        <source>Times missed while the app was closed</source>
        <translation>Horaires manqués pendant que l’application était fermée</translation>
    </message>
    <message>
        <source>Missed runs:</source>
        <translation>Exécutions manquées :</translation>
    </message>
    <message>
        <source>Runs start only when asked: from the API or the dashboard.</source>
        <translation>Les exécutions ne démarrent que sur demande : depuis l’API ou le tableau de bord.</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Étape</translation>
    </message>
    <message>
        <source>‹ Workflow settings</source>
        <translation>‹ Paramètres du workflow</translation>
    </message>
    <message>
        <source>The workflow&apos;s description and trigger (or click the graph&apos;s background)</source>
        <translation>La description et le déclencheur du workflow (ou cliquez sur le fond du graphe)</translation>
    </message>
    <message>
        <source>a list; empty: run once</source>
        <translation>une liste ; vide : exécuter une fois</translation>
    </message>
    <message>
        <source>Runs the step once per item of a list (trigger.data.line_items); templates read the item as item</source>
        <translation>Exécute l’étape une fois par élément d’une liste (trigger.data.line_items) ; les modèles lisent l’élément sous le nom item</translation>
    </message>
    <message>
        <source>When the step fails for good (after its attempts)</source>
        <translation>Quand l’étape échoue définitivement (après ses tentatives)</translation>
    </message>
    <message>
        <source>none (500ms, 30s, 5m, 2h)</source>
        <translation>aucun (500ms, 30s, 5m, 2h)</translation>
    </message>
    <message>
        <source>1s (500ms, 30s, 5m, 2h)</source>
        <translation>1s (500ms, 30s, 5m, 2h)</translation>
    </message>
    <message>
        <source>The wait before the first retry (doubled each time when the backoff is exponential)</source>
        <translation>L’attente avant le premier nouvel essai (doublée à chaque fois si le délai entre tentatives est exponentiel)</translation>
    </message>
    <message>
        <source>The steps this one waits for. To add one, drag from a step&apos;s port to this step in the graph.</source>
        <translation>Les étapes que celle-ci attend. Pour en ajouter une, faites glisser depuis le port d’une étape jusqu’à celle-ci dans le graphe.</translation>
    </message>
    <message>
        <source>Remove dependency</source>
        <translation>Retirer la dépendance</translation>
    </message>
    <message>
        <source>For each:</source>
        <translation>Pour chaque élément de :</translation>
    </message>
    <message>
        <source>On error:</source>
        <translation>En cas d’erreur :</translation>
    </message>
    <message>
        <source>Timeout:</source>
        <translation>Délai maximal :</translation>
    </message>
    <message>
        <source>Retry delay:</source>
        <translation>Délai avant nouvel essai :</translation>
    </message>
    <message>
        <source>Depends on:</source>
        <translation>Dépend de :</translation>
    </message>
    <message>
        <source>%1 no longer depends on %2</source>
        <translation>%1 ne dépend plus de %2</translation>
    </message>
    <message>
        <source>%1 still reads %2 in a template, so it still waits for it (the dashed edge).</source>
        <translation>%1 lit encore %2 dans un modèle, elle l’attend donc toujours (le lien en pointillé).</translation>
    </message>
    <message>
        <source>Copied step %1.</source>
        <translation>Étape %1 copiée.</translation>
    </message>
    <message>
        <source>The clipboard holds no step: copy one first.</source>
        <translation>Le presse-papiers ne contient aucune étape : copiez-en d’abord une.</translation>
    </message>
    <message>
        <source>Paste step %1</source>
        <translation>Coller l’étape %1</translation>
    </message>
    <message>
        <source>Pasted step %1.</source>
        <translation>Étape %1 collée.</translation>
    </message>
    <message>
        <source>fail the run</source>
        <translation>faire échouer l’exécution</translation>
    </message>
    <message>
        <source>continue the run</source>
        <translation>poursuivre l’exécution</translation>
    </message>
    <message>
        <source>run %1 to recover</source>
        <translation>lancer %1 en secours</translation>
    </message>
    <message>
        <source>%1 (read by a template)</source>
        <translation>%1 (lue par un modèle)</translation>
    </message>
    <message>
        <source>This step reads %1&apos;s output, status or error, so it waits for it. Remove the reference to remove the dependency.</source>
        <translation>Cette étape lit le résultat, le statut ou l’erreur de %1, elle l’attend donc. Retirez la référence pour retirer la dépendance.</translation>
    </message>
    <message>
        <source>Timeout: &quot;%1&quot; is not a duration. Write a whole number followed by ms, s, m or h (500ms, 30s, 5m, 2h), or nothing for no timeout.</source>
        <translation>Délai maximal : « %1 » n’est pas une durée. Écrivez un nombre entier suivi de ms, s, m ou h (500ms, 30s, 5m, 2h), ou rien pour aucun délai maximal.</translation>
    </message>
    <message>
        <source>Retry delay: &quot;%1&quot; is not a duration. Write a whole number followed by ms, s, m or h (500ms, 30s, 5m, 2h), or nothing for 1s.</source>
        <translation>Délai avant nouvel essai : « %1 » n’est pas une durée. Écrivez un nombre entier suivi de ms, s, m ou h (500ms, 30s, 5m, 2h), ou rien pour 1s.</translation>
    </message>
    <message>
        <source>Edit the workflow&apos;s settings</source>
        <translation>Modifier les paramètres du workflow</translation>
    </message>
    <message>
        <source>Five fields: minute hour day-of-month month weekday.</source>
        <translation>Cinq champs : minute heure jour-du-mois mois jour-de-la-semaine.</translation>
    </message>
    <message>
        <source>Not a schedule: %1</source>
        <translation>Planification invalide : %1</translation>
    </message>
    <message>
        <source>Next run: %1 (%2)</source>
        <translation>Prochaine exécution : %1 (%2)</translation>
    </message>
    <message>
        <source>It never runs in the next five years.</source>
        <translation>Aucune exécution dans les cinq prochaines années.</translation>
    </message>
</context>
<context>
    <name>dc::ui::WorkflowVersionsDialog</name>
    <message>
        <source>Versions of %1</source>
        <translation>Versions de %1</translation>
    </message>
    <message>
        <source>Choose one version to compare it with the current one, or two to compare them with each other</source>
        <translation>Choisissez une version pour la comparer à la version actuelle, ou deux pour les comparer entre elles</translation>
    </message>
    <message>
        <source>Restore this version</source>
        <translation>Restaurer cette version</translation>
    </message>
    <message>
        <source>Save the chosen version&apos;s text again, as the newest version</source>
        <translation>Enregistrer à nouveau le texte de la version choisie, comme version la plus récente</translation>
    </message>
    <message>
        <source>Restore a version</source>
        <translation>Restaurer une version</translation>
    </message>
    <message>
        <source>%1 has no saved version yet.</source>
        <translation>%1 n’a encore aucune version enregistrée.</translation>
    </message>
    <message>
        <source>Cannot list the versions: %1</source>
        <translation>Impossible de lister les versions : %1</translation>
    </message>
    <message>
        <source>Cannot read version %1: %2</source>
        <translation>Impossible de lire la version %1 : %2</translation>
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
        <translation>%1 (lignes supprimées : %2, ajoutées : %3)</translation>
    </message>
    <message>
        <source>Restore version %1 of %2? Its text is saved again as the newest version; runs started from now on use it, and the editor shows it (changes not saved there are dropped).</source>
        <translation>Restaurer la version %1 de %2 ? Son texte est enregistré à nouveau comme version la plus récente ; les exécutions lancées à partir de maintenant l’utilisent, et l’éditeur l’affiche (les modifications qui n’y ont pas été enregistrées sont perdues).</translation>
    </message>
    <message>
        <source>Not restored: %1</source>
        <translation>Non restaurée : %1</translation>
    </message>
    <message>
        <source>Version %1 restored as version %2.</source>
        <translation>Version %1 restaurée en tant que version %2.</translation>
    </message>
</context>
</TS>
