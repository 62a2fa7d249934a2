import type { enMedia } from './en.media.js';

/** Messages of images, digitization and batches. */
export const frMedia: Record<keyof typeof enMedia, string> = {
  'media.title': 'Images · {accession}',
  'media.link': 'Images',
  'media.upload': 'Ajouter des images',
  'media.drop': 'Déposez des fichiers ici, ou choisissez-les',
  'media.none': 'Aucune image.',
  'media.caption': 'Légende',
  'media.rights': 'Droits',
  'media.credit': 'Crédit',
  'media.main': 'Image principale',
  'media.digitization': 'Numérisation',
  'media.save': 'Enregistrer',
  'media.original': 'Original',
  'media.noScript': 'Ajouter des images demande JavaScript, ou l’API.',
  'digitization.not_started': 'Pas commencée',
  'digitization.photographed': 'Photographié',
  'digitization.processed': 'Traité',
  'digitization.checked': 'Vérifié',
  'digitization.published': 'Publié',
  'nav.digitization': 'Numérisation',
  'batch.title': 'Images par lot',
  'batch.link': 'Ajouter des images par lot (un ZIP ou un dossier)',
  'batch.help':
    'Nommez chaque fichier par le numéro d’inventaire de son objet, comme 2026.14.3_01.tif ou W.569.4A-back.jpg. Avant tout enregistrement, vous voyez à quel objet va chaque fichier, et ceux qui ne correspondent à aucun.',
  'batch.zip': 'Une archive ZIP',
  'batch.folder': 'Un dossier',
  'batch.file': 'Fichier',
  'batch.object': 'Objet',
  'batch.noMatch': 'Aucun objet ne porte ce numéro',
  'batch.save': 'Enregistrer les fichiers reconnus',
  'batch.drop': 'Abandonner',
  'batch.saved': 'Enregistré',
  'batch.duplicate': 'Déjà présent',
  'batch.sending': 'Envoi…',
  'batch.noScript':
    'L’envoi d’un lot demande JavaScript, ou l’API : envoyez l’archive par POST à …/media/batches.',
  'digitization.title': 'Numérisation',
  'digitization.byStatus': 'Objets par état',
  'digitization.byPerson': 'Par photographe',
  'digitization.byCollection': 'Par collection',
  'digitization.noCollections':
    'Aucun objet n’est encore rangé dans une collection : nommez les collections du musée parmi ses vocabulaires, et donnez à chaque objet la sienne.',
  'digitization.person': 'Personne',
  'digitization.count': 'Objets',
  'digitization.status': 'État',
  'error.insufficient_storage':
    'Le serveur n’a plus de place pour enregistrer ceci ; rien n’a été conservé. Réessayez une fois de la place libérée.',
  'error.storage_failed': 'Le serveur n’a pas pu lire ou écrire son stockage ; rien n’a été conservé.',
  'field.damaged_image':
    'L’image est endommagée : ses pixels ne peuvent pas tous être lus, elle ne pourrait jamais être affichée ; rien n’a été enregistré.',
  'field.not_this_format':
    'Le fichier commence comme un son ou une vidéo de ce format, mais son contenu n’en est pas un ; rien n’a été enregistré.',
};
