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
    <name>dc::ui::MainWindow</name>
    <message>
        <source>DropCrew</source>
        <translation>DropCrew</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>Vue d’ensemble</translation>
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
        <source>Version:</source>
        <translation>Version :</translation>
    </message>
    <message>
        <source>API address:</source>
        <translation>Adresse de l’API :</translation>
    </message>
    <message>
        <source>Database:</source>
        <translation>Base de données :</translation>
    </message>
    <message>
        <source>Schema version:</source>
        <translation>Version du schéma :</translation>
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
</context>
<context>
    <name>dc::ui::OrdersModel</name>
    <message>
        <source>On hold: %1</source>
        <translation>En attente : %1</translation>
    </message>
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
